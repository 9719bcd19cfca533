"""The roles people act in, and what each role may do.

Roles are code, not data: what a role may see is a security rule, and security rules are reviewed in
code and tested, not edited on a screen. A membership (user x organisation x role) is data.
Capabilities are the words the declared permissions (each app's ``permissions.py``) speak; a role
is a named set of them plus the organisation types it may be held at.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    LOCAL_TEAM = "local_team", _("Lokaal team")
    POLICE = "police", _("Politie")
    PROSECUTION = "prosecution", _("Openbaar Ministerie")
    CHILD_PROTECTION_BOARD = "rvdk", _("Raad voor de Kinderbescherming")
    PROBATION = "probation", _("Reclassering")
    YOUTH_PROTECTION = "youth_protection", _("Jeugdbescherming")
    HOSPITAL = "hospital", _("Ziekenhuis")
    MENTAL_HEALTH = "mental_health", _("GGZ")
    ADDICTION_CARE = "addiction_care", _("Verslavingszorg")
    SHELTER = "shelter", _("Opvang")
    EXPERTISE_CENTRE = "expertise_centre", _("Expertisecentrum")
    SAFETY_HOUSE = "safety_house", _("Zorg- en Veiligheidshuis")
    # A municipality itself (its policy department), bound to its Municipality like a local team.
    MUNICIPALITY = "municipality", _("Gemeente")
    OTHER = "other", _("Overig")


class Role(models.TextChoices):
    VT_INTAKE = "vt_intake", _("Intakemedewerker Veilig Thuis")
    VT_INVESTIGATOR = "vt_investigator", _("Onderzoeker Veilig Thuis")
    VT_MONITOR = "vt_monitor", _("Monitoring Veilig Thuis")
    VT_DOCTOR = "vt_doctor", _("Arts Veilig Thuis")
    LOCAL_TEAM_WORKER = "local_team_worker", _("Medewerker lokaal team")
    CASE_COORDINATOR = "case_coordinator", _("Casuscoördinator")
    SAFETY_TEAM_MEMBER = "safety_team_member", _("Lid Veiligheidsteam")
    PARTNER_LIAISON = "partner_liaison", _("Contactpersoon ketenpartner")
    HOSPITAL_CLINICIAN = "hospital_clinician", _("Behandelaar ziekenhuis")
    FORENSIC_DOCTOR = "forensic_doctor", _("Forensisch arts")
    EXPERTISE_STAFF = "expertise_staff", _("Medewerker Expertisecentrum")
    LOG_ADMIN = "log_admin", _("Beheerder toegangslog")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")
    ANALYST = "analyst", _("Analist")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functioneel beheerder")
    MUNICIPAL_POLICY_OFFICER = "municipal_policy_officer", _("Beleidsmedewerker gemeente")


class Capability(models.TextChoices):
    CLIENT_DATA = "client_data", _("Cliëntgegevens inzien binnen eigen dossiers")
    BREAK_GLASS = "break_glass", _("Noodtoegang tot een dossier")
    READ_ACCESS_LOG = "read_access_log", _("Toegangslog doorzoeken")
    PERSON_ACCESS_REPORT = "person_access_report", _("Overzicht wie een persoon inzag")
    EMERGENCY_ACCESS_REPORT = "emergency_access_report", _("Rapport noodtoegang")
    MANAGE_ORGANISATIONS = "manage_organisations", _("Organisaties beheren")
    MANAGE_USERS = "manage_users", _("Medewerkers en rollen beheren")
    STATISTICS = "statistics", _("Gepseudonimiseerde cijfers")
    # The Expertisecentrum's own records (trainees, questions, experts, dialogue meetings): personal
    # data, so a second factor, but never a client's file — the rules of cases and persons, which
    # speak of client data, give it nothing.
    EXPERTISE_RECORDS = "expertise_records", _("Gegevens van het Expertisecentrum")
    # The published figures of one municipality: the organisation's own (Organisation.municipality).
    # Counts, never a person, like STATISTICS — but never the region's, and no research study.
    MUNICIPAL_FIGURES = "municipal_figures", _("Gepubliceerde cijfers van de eigen gemeente")


T = OrganisationType
C = Capability
VT_ONLY = frozenset({T.VEILIG_THUIS})
CARE_PARTNERS = frozenset(
    {T.POLICE, T.PROSECUTION, T.CHILD_PROTECTION_BOARD, T.PROBATION, T.YOUTH_PROTECTION,
     T.MENTAL_HEALTH, T.ADDICTION_CARE, T.SHELTER, T.OTHER}
)
ANY_ORGANISATION = frozenset(T)
# Organisations that never take part in a family's file: a municipality's policy office sees figures,
# the Expertisecentrum keeps its own records. Never offered as a case's participant, refused if asked.
NEVER_IN_A_CASE = frozenset({T.MUNICIPALITY, T.EXPERTISE_CENTRE})
# Capabilities that show counts only, never a person: no second factor for them.
FIGURES_ONLY = frozenset({C.STATISTICS, C.MUNICIPAL_FIGURES})


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    organisation_types: frozenset
    capabilities: frozenset
    # Where this role's people usually start: the named URL of their "Mijn werk" section.
    description: str = ""

    @property
    def sees_personal_data(self) -> bool:
        """Any capability that shows a person's data means the second factor is required."""
        return bool(self.capabilities - FIGURES_ONLY)


ROLE_SPECS: dict[str, RoleSpec] = {
    spec.role: spec
    for spec in [
        RoleSpec(Role.VT_INTAKE, VT_ONLY, frozenset({C.CLIENT_DATA, C.BREAK_GLASS}),
                 _("Neemt adviesvragen en meldingen aan en beoordeelt de veiligheid.")),
        RoleSpec(Role.VT_INVESTIGATOR, VT_ONLY, frozenset({C.CLIENT_DATA, C.BREAK_GLASS}),
                 _("Voert onderzoeken uit (maximaal 10 weken).")),
        RoleSpec(Role.VT_MONITOR, VT_ONLY, frozenset({C.CLIENT_DATA}),
                 _("Monitort of veiligheidsvoorwaarden worden nageleefd.")),
        RoleSpec(Role.VT_DOCTOR, VT_ONLY, frozenset({C.CLIENT_DATA, C.BREAK_GLASS}),
                 _("Medische expertise binnen Veilig Thuis.")),
        RoleSpec(Role.LOCAL_TEAM_WORKER, frozenset({T.LOCAL_TEAM}), frozenset({C.CLIENT_DATA}),
                 _("Werkt met het gezin aan het veiligheids-, hulp- en herstelplan.")),
        RoleSpec(Role.CASE_COORDINATOR, frozenset({T.LOCAL_TEAM, T.SAFETY_HOUSE}),
                 frozenset({C.CLIENT_DATA}),
                 _("Eén gezin, één plan, één regisseur: coördineert alle interventies.")),
        RoleSpec(Role.SAFETY_TEAM_MEMBER, frozenset(T) - NEVER_IN_A_CASE,
                 frozenset({C.CLIENT_DATA, C.BREAK_GLASS}),
                 _("Vaste professional in het Veiligheidsteam (MDA++).")),
        RoleSpec(Role.PARTNER_LIAISON, CARE_PARTNERS, frozenset({C.CLIENT_DATA}),
                 _("Contactpersoon van een ketenpartner binnen gedeelde dossiers.")),
        RoleSpec(Role.HOSPITAL_CLINICIAN, frozenset({T.HOSPITAL}),
                 frozenset({C.CLIENT_DATA, C.BREAK_GLASS}),
                 _("Behandelt slachtoffers met letsel op het Spoedplein.")),
        RoleSpec(Role.FORENSIC_DOCTOR, frozenset({T.HOSPITAL, T.VEILIG_THUIS}),
                 frozenset({C.CLIENT_DATA, C.BREAK_GLASS}),
                 _("Legt letsel forensisch vast.")),
        RoleSpec(Role.EXPERTISE_STAFF, frozenset({T.EXPERTISE_CENTRE}),
                 frozenset({C.EXPERTISE_RECORDS}),
                 _("Trainingen, adviesvragen, ervaringsdeskundigen en dialoogbijeenkomsten.")),
        RoleSpec(Role.LOG_ADMIN, ANY_ORGANISATION,
                 frozenset({C.READ_ACCESS_LOG, C.EMERGENCY_ACCESS_REPORT}),
                 _("Doorzoekt het toegangslog (NEN 7513) en controleert de keten.")),
        RoleSpec(Role.PRIVACY_OFFICER, ANY_ORGANISATION,
                 frozenset({C.PERSON_ACCESS_REPORT, C.EMERGENCY_ACCESS_REPORT}),
                 _("Beantwoordt inzageverzoeken en bewaakt noodtoegang.")),
        RoleSpec(Role.ANALYST, ANY_ORGANISATION, frozenset({C.STATISTICS}),
                 _("Werkt uitsluitend met gepseudonimiseerde cijfers.")),
        RoleSpec(Role.FUNCTIONAL_ADMIN, ANY_ORGANISATION,
                 frozenset({C.MANAGE_ORGANISATIONS, C.MANAGE_USERS}),
                 _("Beheert organisaties, medewerkers en hun rollen.")),
        RoleSpec(Role.MUNICIPAL_POLICY_OFFICER, frozenset({T.MUNICIPALITY}),
                 frozenset({C.MUNICIPAL_FIGURES}),
                 _("Ziet de gepubliceerde cijfers van de eigen gemeente; nooit een persoon.")),
    ]
}


def role_spec(role: str) -> RoleSpec:
    return ROLE_SPECS[Role(role)]


def role_allowed_at(role: str, organisation_type: str) -> bool:
    return organisation_type in role_spec(role).organisation_types
