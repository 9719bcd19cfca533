"""The body map: the regions an injury is recorded on, front and back, and their place in the
drawing (``templates/acute/bodymap.svg``, drawn on the server; the injury list beside it says the
same in words, so the map is never the only way to read it).

Each region knows whether it is one of the bruising sites of the TEN-4-FACESp rule (``screening``):
torso, ears, neck, frenulum, angle of the jaw, cheeks, eyelids and subconjunctivae. Left and right
are the patient's, as a clinician records them (the patient's left is on the right of a front view).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .workflow import BodyView

F, B = BodyView.FRONT, BodyView.BACK


@dataclass(frozen=True)
class Region:
    code: str
    label: str
    view: str
    ten4: str = ""  # the TEN-4-FACESp site this region belongs to, if any
    # The drawing: an ellipse (cx, cy, rx, ry) in a 200 x 420 view box per side.
    shape: tuple[int, int, int, int] = (0, 0, 0, 0)


REGIONS: tuple[Region, ...] = (
    # Front: head and face
    Region("scalp_front", _("Schedel (voorzijde)"), F, "", (100, 24, 22, 14)),
    Region("forehead", _("Voorhoofd"), F, "", (100, 40, 18, 6)),
    Region("eyelid_right", _("Ooglid rechts"), F, "eyelids", (91, 49, 5, 3)),
    Region("eyelid_left", _("Ooglid links"), F, "eyelids", (109, 49, 5, 3)),
    Region("eye_right", _("Oogwit rechts (subconjunctivaal)"), F, "subconjunctivae", (91, 54, 4, 2)),
    Region("eye_left", _("Oogwit links (subconjunctivaal)"), F, "subconjunctivae", (109, 54, 4, 2)),
    Region("ear_right", _("Oor rechts"), F, "ears", (75, 55, 4, 9)),
    Region("ear_left", _("Oor links"), F, "ears", (125, 55, 4, 9)),
    Region("cheek_right", _("Wang rechts"), F, "cheeks", (88, 63, 7, 6)),
    Region("cheek_left", _("Wang links"), F, "cheeks", (112, 63, 7, 6)),
    Region("nose", _("Neus"), F, "", (100, 60, 3, 5)),
    Region("mouth_frenulum", _("Mond en frenulum (lipbandje)"), F, "frenulum", (100, 71, 6, 3)),
    Region("jaw_right", _("Kaakhoek rechts"), F, "angle_of_jaw", (82, 72, 4, 4)),
    Region("jaw_left", _("Kaakhoek links"), F, "angle_of_jaw", (118, 72, 4, 4)),
    Region("chin", _("Kin"), F, "", (100, 79, 6, 4)),
    Region("neck_front", _("Hals (voorzijde)"), F, "neck", (100, 92, 11, 7)),
    # Front: torso
    Region("chest", _("Borst"), F, "torso", (100, 128, 30, 22)),
    Region("abdomen", _("Buik"), F, "torso", (100, 175, 26, 22)),
    Region("genitals", _("Genitaal gebied"), F, "torso", (100, 212, 12, 9)),
    # Front: limbs
    Region("upper_arm_right", _("Bovenarm rechts"), F, "", (55, 130, 8, 24)),
    Region("upper_arm_left", _("Bovenarm links"), F, "", (145, 130, 8, 24)),
    Region("forearm_right", _("Onderarm rechts"), F, "", (46, 182, 7, 22)),
    Region("forearm_left", _("Onderarm links"), F, "", (154, 182, 7, 22)),
    Region("hand_right", _("Hand rechts"), F, "", (40, 222, 7, 11)),
    Region("hand_left", _("Hand links"), F, "", (160, 222, 7, 11)),
    Region("thigh_right", _("Bovenbeen rechts"), F, "", (84, 262, 13, 32)),
    Region("thigh_left", _("Bovenbeen links"), F, "", (116, 262, 13, 32)),
    Region("shin_right", _("Onderbeen rechts"), F, "", (84, 340, 9, 34)),
    Region("shin_left", _("Onderbeen links"), F, "", (116, 340, 9, 34)),
    Region("foot_right", _("Voet rechts"), F, "", (82, 396, 9, 8)),
    Region("foot_left", _("Voet links"), F, "", (118, 396, 9, 8)),
    # Back
    Region("scalp_back", _("Achterhoofd"), B, "", (100, 40, 22, 22)),
    Region("neck_back", _("Nek"), B, "neck", (100, 88, 11, 8)),
    Region("upper_back", _("Bovenrug en schouderbladen"), B, "torso", (100, 130, 30, 24)),
    Region("lower_back", _("Onderrug"), B, "torso", (100, 178, 26, 20)),
    Region("buttocks", _("Billen"), B, "torso", (100, 215, 27, 14)),
    Region("upper_arm_back_left", _("Bovenarm links (achterzijde)"), B, "", (55, 130, 8, 24)),
    Region("upper_arm_back_right", _("Bovenarm rechts (achterzijde)"), B, "", (145, 130, 8, 24)),
    Region("forearm_back_left", _("Onderarm links (achterzijde)"), B, "", (46, 182, 7, 22)),
    Region("forearm_back_right", _("Onderarm rechts (achterzijde)"), B, "", (154, 182, 7, 22)),
    Region("hand_back_left", _("Handrug links"), B, "", (40, 222, 7, 11)),
    Region("hand_back_right", _("Handrug rechts"), B, "", (160, 222, 7, 11)),
    Region("thigh_back_left", _("Bovenbeen links (achterzijde)"), B, "", (84, 262, 13, 32)),
    Region("thigh_back_right", _("Bovenbeen rechts (achterzijde)"), B, "", (116, 262, 13, 32)),
    Region("calf_left", _("Kuit links"), B, "", (84, 340, 9, 34)),
    Region("calf_right", _("Kuit rechts"), B, "", (116, 340, 9, 34)),
    Region("heel_left", _("Hiel en voetzool links"), B, "", (82, 396, 9, 8)),
    Region("heel_right", _("Hiel en voetzool rechts"), B, "", (118, 396, 9, 8)),
)

BY_CODE: dict[str, Region] = {region.code: region for region in REGIONS}


def region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The regions grouped by side, for a select with optgroups."""
    return [(str(view.label), [(r.code, str(r.label)) for r in REGIONS if r.view == view])
            for view in BodyView]


def region(code: str) -> Region | None:
    return BY_CODE.get(code)
