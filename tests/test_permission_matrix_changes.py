"""The permission matrix for changes: every role, every action that changes a household's file, for
every relation an organisation can have to that file — through the API as a person would, and the
steering steps (and the recurrence signal, which has no API) also on the case page.

The combinations are generated:

(a) every role in ``ROLE_SPECS``, at the organisation type it usually works at (``home_type`` of the
    read matrix, ``tests/test_permission_matrix.py``);
(b) every action in ``ACTIONS``: at least one row for every declared CHANGE permission that acts on
    a case, report, household or person (cases.*, intake.*, persons.*) or on the Veiligheidsteam's
    work for a household (conferences.*: its referral, the conferences it is on, its agenda item,
    its measures, the feedback about it), more where the permission has more than one situation
    (ending one's own participation or Veilig Thuis's; a handover offered to one's own organisation
    or to another; a contribution before or after the conference was held). A declared change
    permission without a row fails ``test_every_change_permission_has_a_row`` by name, so a new
    action comes with its rows; the few that touch no household's file are listed, with the
    reason, in ``OUTSIDE_THE_MATRIX``;
(c) every relation in ``Relation`` that applies to the role: responsible (organisations that can
    hold oversight of safety), taking part, having taken part, no part at all, breaking the glass
    (roles that may), and — for Veilig Thuis — holding the report without taking part. Actions that
    act on no household's file (taking a new report, merging two records of a person) are checked
    once per role, as relation ``any``;
(d) the acute pathway (issue 10), in a world of its own (``matrix_support.build_acute_world``): every
    step in ``ACUTE_ACTIONS`` — at least one row for each declared ``acute.*`` change permission and
    for the intake's ``intake.report_to_veilig_thuis``, with the bad input of the issue's "done
    when" — taken through ``acute.services`` (the one call every screen and endpoint makes), by
    every role in each relation its organisation can have to a presentation
    (``matrix_support.acute_relations``: the hospital's own, another hospital's, Veilig Thuis
    consulted or reported to, the forensic report shared with it without or with photographs).
    There "refused" is ``NotPermitted`` naming the step's permission and "a rule of the data" a
    ``RuleViolation``, nothing changed either way; the 404 and its log entry are the boundary's,
    checked for every view by the read matrix and ``tests/test_url_access.py``;
(e) the Expertisecentrum and the regional help catalogue (issue 11), in a world of their own without
    any household (``matrix_support.build_expertise_world``): every step in ``EXPERTISE_ACTIONS`` — at
    least one row for each declared ``expertise.*`` and ``catalogue.*`` change permission, with bad
    input (a course of 0 hours, a session of 0 places, a meeting with 0 participants, an offer with a
    negative waiting time, ...) — through ``expertise.services`` and ``catalogue.services``, by every
    role, for the user's own enrolment and offer and for someone else's
    (``matrix_support.expertise_relations``), checked as (d). Its rules speak of every role: the
    centre's staff (who have no client data), the functional administrator, anyone working;
(f) the research export of the monitoring institute (issue 12), in a world of its own without any
    household (``build_research_world``): every step in ``RESEARCH_ACTIONS`` — registering a study,
    the privacy officer's decision, the export and its one download — through
    ``monitoring.services``, by every role, for the user's own studies and another analyst's,
    checked as (d); in the same world the CBS half-year delivery (``monitoring.cbs_tasks``):
    starting it (also for a half-year that has not begun) and the one download of its file, the
    user's own delivery or another analyst's; and the dashboards' PDF report
    (``monitoring.report_tasks``): starting it (also for a half-year that cannot be read) and its
    one download, the user's own report (of their municipality for a policy officer) or another
    analyst's;
(j) one's own notifications (issue 14), in a world without any household (``build_notice_world``):
    marking one read, marking all read and setting one's preferences (also with a frequency that
    does not exist), through ``notifications.services``, by every role, for the user's own
    notification, their own for another membership, and a colleague's;
(k) the API tokens of service accounts (issue 14): issuing and revoking (``TOKEN_ACTIONS``, through
    ``api.tokens``, which the screens and /api/v1/service-tokens both call), by every role, once.

For each combination the expected outcome comes from the rule table below (``RULES`` and the
``rule`` of each action), written in the words of the work and never computed by the code's
predicates:

- done: the success status, the change is there as the step says (and ``snapshot`` sees it), and
  a success entry by that user in the access log;
- refused: a 404 (problem+json in the API), nothing changed (every row of the file an action could
  touch is compared before and after), and a refusal entry by that user naming no persons —
  ``denied`` under the permission's own name where the organisation sees what it acted on, else the
  not-found or denied entry of the lookup (an organisation that cannot see the case learns nothing);
- refused by a rule of the data (the responsible organisation ending its own part, a partner adding
  an action for another organisation, breaking the glass into a file one holds): a 400, nothing
  changed, the attempt in the log (``failed`` or ``denied``).

Where the code falls short of these rules, ``KNOWN_GAPS`` says so, precisely enough that a fixed gap
fails until its entry is removed (as in the read matrix).

One test per role and relation: one household's file is built around the user's organisation, and
each action runs on it inside a savepoint that is rolled back, so every action starts from the same
file. The file includes the household's part in the Veiligheidsteam's work, around the user's
organisation too: the family referred and accepted (the team taking part), on the agenda of a coming
conference and of one held last week — the fixed members of the team invited for it, GGz Breburg as
a consulting partner, and the user's organisation as one while it takes part in the case (unless it
is a fixed member or the team itself) — a house ban the user's organisation recorded while it took
part, a care track of the local team, and feedback to the user's organisation and to another. Every failing action is named. The number of (role, action, relation) combinations checked is
printed at the end, with the grand total of reads and changes (``tests/matrix_support.py``).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

import matrix_support
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from matrix_support import (
    AcuteRelation,
    AcuteWorld,
    ExpertiseRelation,
    ExpertiseWorld,
    acute_relations,
    build_acute_world,
    build_expertise_world,
    expertise_relations,
)
from test_permission_matrix import (
    FIXED_MEMBERS,  # the Veiligheidsteam's fixed professionals, as the read matrix names them
    PASSWORD,
    has,
    home_type,
    organisation_of_type,
)

from eendak.acute import services as acute
from eendak.acute.models import (
    FollowUp,
    ForensicExamination,
    Injury,
    NamedPerson,
    Photo,
    Presentation,
    Screening,
    Share,
    VeiligThuisContact,
)
from eendak.audit.models import AccessLogEntry, EmergencyAccess, Outcome
from eendak.cases import services as case_services
from eendak.cases.models import (
    Case,
    ChildVoice,
    Document,
    Handover,
    ImpactMeasurement,
    JournalEntry,
    MonitoringDecision,
    MonitoringMoment,
    Participation,
    PhaseChange,
    PlanAction,
    PlanGoal,
    PlanVersion,
    Recurrence,
    SafetyCondition,
    Shield,
)
from eendak.catalogue import services as catalogue
from eendak.catalogue.models import Offer, Provider
from eendak.conferences.models import (
    AgendaItem,
    Conference,
    ConferenceAction,
    ConferenceDecision,
    Contribution,
    Invitation,
    Measure,
    Notice,
    Referral,
    TeamPartner,
    TriageDecision,
)
from eendak.conferences.workflow import (
    ConferenceStatus,
    InvitationKind,
    MeasureStatus,
    ReferralStatus,
)
from eendak.core.actors import Actor
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.models import Organisation
from eendak.core.permissions import Kind, declared
from eendak.core.roles import ROLE_SPECS, Capability, Role, role_allowed_at
from eendak.core.roles import OrganisationType as T
from eendak.expertise import models as expertise_models
from eendak.expertise import services as expertise
from eendak.intake import services as intake_services
from eendak.intake.models import (
    AdviceRequest,
    Decision,
    FeedbackTask,
    InformingTask,
    InstrumentResult,
    Investigation,
    JointConversation,
    Report,
    Reporter,
    ReportPerson,
    SafetyAssessment,
)
from eendak.intake.services import ReportData, ReporterData
from eendak.persons import registry as persons_registry
from eendak.persons.models import Person, PersonMerge, Relationship
from eendak.persons.registry import PersonData
from eendak.privacy import services as privacy
from eendak.testing import factories as f
from eendak.testing.clients import verified_client

pytestmark = pytest.mark.django_db

API = "/api/v1"
PROBLEM = "application/problem+json"


# --- (c) How an organisation can relate to a household's file -------------------------------------


class Relation(StrEnum):
    RESPONSIBLE = "responsible"            # holds oversight of safety, and so takes part
    PARTICIPANT = "participant"            # takes part, someone else is responsible
    FORMER_PARTICIPANT = "former"          # took part; its participation has ended
    OTHER_ORGANISATION = "other_org"       # has nothing to do with the household
    BREAK_THE_GLASS = "break_glass"        # no part, but an active emergency-access grant
    REPORT_HOLDER = "report_holder"        # the Veilig Thuis that received the report, no part
    ANY = "any"                            # the action acts on no household's file


# Oversight of safety is held by Veilig Thuis, a local team, the Veiligheidsteam or youth protection
# (the regional agreements); the police, a hospital or the Expertisecentrum take part but never hold
# it, so "responsible" is not a relation they can have.
HOLDS_OVERSIGHT = {T.VEILIG_THUIS, T.LOCAL_TEAM, T.SAFETY_HOUSE, T.YOUTH_PROTECTION}
# Who makes the safety, help and recovery plan besides those who steer: the local team and the
# Veiligheidsteam in the Zorg- en Veiligheidshuis.
MAKES_PLANS = {T.LOCAL_TEAM, T.SAFETY_HOUSE}


def relations_for(role: str) -> list[Relation]:
    relations = [Relation.PARTICIPANT, Relation.FORMER_PARTICIPANT, Relation.OTHER_ORGANISATION]
    if home_type(role) in HOLDS_OVERSIGHT:
        relations.insert(0, Relation.RESPONSIBLE)
    if has(role, Capability.BREAK_GLASS):
        relations.append(Relation.BREAK_THE_GLASS)
    if home_type(role) == T.VEILIG_THUIS:
        relations.append(Relation.REPORT_HOLDER)
    return relations


# --- Who acts, as the rules speak of it ---------------------------------------------------------


@dataclass(frozen=True)
class Who:
    role: str
    relation: Relation
    org_type: str

    @property
    def client_data(self) -> bool:
        """Log administrator, privacy officer, analyst and functional administrator never act on a
        family's file, whatever their organisation's part in it."""
        return has(self.role, Capability.CLIENT_DATA)

    @property
    def takes_part(self) -> bool:
        return self.client_data and self.relation in (Relation.RESPONSIBLE, Relation.PARTICIPANT)

    @property
    def responsible(self) -> bool:
        return self.client_data and self.relation == Relation.RESPONSIBLE

    @property
    def veilig_thuis(self) -> bool:
        return self.client_data and self.org_type == T.VEILIG_THUIS

    @property
    def sees_the_file(self) -> bool:
        """As the read matrix: taking part, Veilig Thuis holding the report, break the glass."""
        return self.client_data and (self.takes_part or self.relation in (
            Relation.BREAK_THE_GLASS, Relation.REPORT_HOLDER))

    @property
    def holds_the_report(self) -> bool:
        return self.veilig_thuis and self.relation == Relation.REPORT_HOLDER

    @property
    def in_team(self) -> bool:
        """Works in the Veiligheidsteam: a client-data role at the Zorg- en Veiligheidshuis."""
        return self.client_data and self.org_type == T.SAFETY_HOUSE

    @property
    def fixed_member(self) -> bool:
        """A fixed professional of the Veiligheidsteam (``FIXED_MEMBERS``), with client data."""
        return self.client_data and self.org_type in FIXED_MEMBERS

    # -- the acute pathway: ``relation`` is then a ``matrix_support.AcuteRelation`` --

    @property
    def at_hospital(self) -> bool:
        """Works at a hospital with client data: its clinicians and forensic doctors."""
        return self.client_data and self.org_type == T.HOSPITAL

    @property
    def of_the_hospital(self) -> bool:
        """Works at the hospital the presentation is at."""
        return self.at_hospital and self.relation == AcuteRelation.OWN_HOSPITAL

    # -- the Expertisecentrum and the help catalogue: ``relation`` is a ``matrix_support.ExpertiseRelation``

    @property
    def at_centre(self) -> bool:
        """The Expertisecentrum's staff (its own role, at the centre)."""
        return self.role == Role.EXPERTISE_STAFF and self.org_type == T.EXPERTISE_CENTRE

    @property
    def administers(self) -> bool:
        """The functional administrator (reference data: the framework, the help catalogue)."""
        return self.role == Role.FUNCTIONAL_ADMIN

    @property
    def own_record(self) -> bool:
        """The enrolment is the user's own; the offer's provider is the user's organisation."""
        return self.relation == ExpertiseRelation.OWN

    @property
    def invited_for_the_household(self) -> bool:
        """Invited for the household on the conferences' agendas: a fixed member always, the
        user's organisation as a consulting partner while it takes part (``build_file``)."""
        return self.fixed_member or self.takes_part


class Result(StrEnum):
    DONE = "done"
    REFUSED = "refused (404)"
    DATA_RULE = "refused by a rule of the data (400)"
    # The state of the thing refuses it (``core.exceptions.StateConflict``): the API's 409 with
    # its own problem type; the screens show it like any rule.
    STATE = "refused by the state of the data (409)"


@dataclass(frozen=True)
class Rule:
    words: str
    decide: Callable[[Who], bool | Result]

    def expected(self, who: Who) -> Result:
        outcome = self.decide(who)
        if isinstance(outcome, Result):
            return outcome
        return Result.DONE if outcome else Result.REFUSED


def _ends_own_part(who: Who) -> Result:
    if not who.takes_part:
        return Result.REFUSED
    # The responsible organisation stops only after a handover was accepted: a rule about the
    # state of the case, answered with a 409 that says so, not a refusal of who asks.
    return Result.STATE if who.responsible else Result.DONE


def _adds_an_action_for_another(who: Who) -> Result:
    if not who.takes_part:
        return Result.REFUSED
    # A partner adds actions for itself; actions for others are agreed by those who make the plan.
    return Result.DONE if RULES["makes the plan"].decide(who) else Result.DATA_RULE


def _breaks_the_glass(who: Who) -> Result:
    if not (who.client_data and has(who.role, Capability.BREAK_GLASS)):
        return Result.REFUSED
    # Whoever holds the file already reads it: "you take part already" is about this household's
    # state, answered with a 400 (it tells nothing the organisation does not know).
    if who.takes_part or who.holds_the_report:
        return Result.DATA_RULE
    return Result.DONE


def _the_team_names_no_coordinator(who: Who) -> Result:
    # Accepting without the team's coordinator for the family is a rule of the data: a 400 at
    # ``coordinator`` for the team, a refusal for anyone else.
    return Result.DATA_RULE if who.in_team else Result.REFUSED


def _house_ban_of_40_days(who: Who) -> Result:
    # A house ban lasts 10 days (extendable to 28): 40 days is a rule of the data, for whoever may
    # record a measure at all.
    return Result.DATA_RULE if who.takes_part else Result.REFUSED


# The rules, in the words of the work (shared/domain.md; issue 8). Every rule is for a role with
# client data: ``Who`` says "no" for any other role before a rule is asked.
RULES = {
    "takes part": Rule(
        "every organisation taking part (not one whose part ended, not by breaking the glass: "
        "the glass opens the file to read, never to change it)",
        lambda w: w.takes_part),
    "steers": Rule(
        "the responsible organisation and Veilig Thuis, taking part",
        lambda w: w.responsible or (w.takes_part and w.veilig_thuis)),
    "responsible": Rule(
        "the organisation responsible for oversight of safety",
        lambda w: w.responsible),
    "makes the plan": Rule(
        "the responsible organisation, Veilig Thuis, the local team and the Veiligheidsteam, "
        "taking part",
        lambda w: w.takes_part and (w.responsible or w.veilig_thuis or w.org_type in MAKES_PLANS)),
    "veilig thuis taking part": Rule(
        "Veilig Thuis, taking part: it sets the safety conditions and monitors them",
        lambda w: w.takes_part and w.veilig_thuis),
    "owns the action": Rule(
        "the organisation that carries out the action, taking part (here: its own action)",
        lambda w: w.takes_part),
    "someone else's action": Rule(
        "nobody but the organisation that carries it out (here: the local team's action)",
        lambda w: False),
    "ends its own part": Rule(
        "every organisation taking part, except the responsible one (the state of the case: 409)",
        _ends_own_part),
    "offered to it": Rule(
        "the organisation the handover was offered to (here: the user's own, taking part)",
        lambda w: w.takes_part),
    "offered to another": Rule(
        "nobody but the organisation it was offered to (here: youth protection)",
        lambda w: False),
    "offered by it": Rule(
        "the organisation that offered the handover: the responsible one",
        lambda w: w.responsible),
    "signalled to it": Rule(
        "the organisation the recurrence was signalled to: the one last responsible",
        lambda w: w.responsible),
    "adds an action for another": Rule(
        "taking part; for another organisation only those who make the plan (a partner: 400)",
        _adds_an_action_for_another),
    "holds the file": Rule(
        "whoever holds the household's file: taking part, or Veilig Thuis holding the report "
        "(not by breaking the glass)",
        lambda w: w.takes_part or w.holds_the_report),
    "veilig thuis's own report": Rule(
        "Veilig Thuis, a role with client data, on a report or advice request its own "
        "organisation received; everybody else never (the local team brought in at the decision "
        "included)",
        lambda w: w.holds_the_report),
    "breaks the glass": Rule(
        "a role that may break the glass (intake, investigation, doctors, Veiligheidsteam, "
        "hospital), for a household whose file its organisation does not hold (its part ended, or "
        "it never had one; again while a grant runs)",
        _breaks_the_glass),
    "veilig thuis": Rule(
        "Veilig Thuis, a role with client data (a new report or advice request is received by "
        "its own organisation; merging two records of a person looks across all persons)",
        lambda w: w.veilig_thuis),
    # -- the Veiligheidsteam (shared/domain.md, "The Veiligheidsteam (MDA++)"; issue 9) --
    "asks veilig thuis": Rule(
        "an organisation taking part in the case other than Veilig Thuis: a family goes to the "
        "Veiligheidsteam only through Veilig Thuis, which it asks to refer",
        lambda w: w.takes_part and not w.veilig_thuis),
    "refers": Rule(
        "Veilig Thuis, taking part in the case: it refers the family",
        lambda w: w.takes_part and w.veilig_thuis),
    "decides a request": Rule(
        "Veilig Thuis, asked by a partner's request that waits for its decision — also where it "
        "does not take part yet (referring makes it take part)",
        lambda w: w.veilig_thuis),
    "the team": Rule(
        "the Veiligheidsteam (a client-data role at the Zorg- en Veiligheidshuis), whatever its "
        "part in the case: it records the triage's decision, plans the conferences, sets their "
        "agenda and records what was decided there",
        lambda w: w.in_team),
    "the team names the coordinator": Rule(
        "the Veiligheidsteam; accepting a family without naming its coordinator is a rule of the "
        "data (400)",
        _the_team_names_no_coordinator),
    "the team holding oversight": Rule(
        "the Veiligheidsteam while it holds oversight of safety (responsible): it hands the family "
        "back at stable safety",
        lambda w: w.in_team and w.responsible),
    "the team, into the plan": Rule(
        "the Veiligheidsteam, taking part in the case: an action agreed at the conference goes into "
        "the family's one plan, which asks the plan's own rules (cases.edit_plan, cases.add_action)",
        lambda w: w.in_team and w.takes_part),
    "invited for the household": Rule(
        "the Veiligheidsteam and the organisations invited for the household on a conference not "
        "yet held: the fixed members, and a consulting partner (here: the user's organisation "
        "while it takes part)",
        lambda w: w.in_team or w.invited_for_the_household),
    "invited, conference held": Rule(
        "the Veiligheidsteam and the fixed members; a consulting partner no longer once the "
        "conference was held",
        lambda w: w.in_team or w.fixed_member),
    "its own measure": Rule(
        "the measure's source organisation (here: the user's own house ban), taking part in the "
        "case",
        lambda w: w.takes_part),
    "someone else's measure": Rule(
        "nobody but the measure's source organisation (here: the local team's care track)",
        lambda w: False),
    "a house ban of 40 days": Rule(
        "every organisation taking part records measures; a house ban of 40 days is a rule of the "
        "data (400)",
        _house_ban_of_40_days),
    "feedback for it": Rule(
        "a client-data role of the organisation the feedback is for (here: the user's own)",
        lambda w: w.client_data),
    "feedback for another": Rule(
        "nobody but the organisation the feedback is for (here: another Veilig Thuis)",
        lambda w: False),
    # -- the acute pathway (shared/domain.md, "The acute pathway"; issue 10), through acute.services --
    "at a hospital": Rule(
        "hospital staff with client data (clinician, forensic doctor): a presentation at its own "
        "hospital",
        lambda w: w.at_hospital),
    "at a hospital, bad input": Rule(
        "hospital staff with client data; acute sexual violence without the moment of the incident "
        "is a rule of the data (400)",
        lambda w: Result.DATA_RULE if w.at_hospital else Result.REFUSED),
    "the hospital's own": Rule(
        "the hospital's staff with client data (clinician, forensic doctor), on its own "
        "presentation; never another hospital, the Veilig Thuis it was sent to or an organisation "
        "its forensic report was shared with",
        lambda w: w.of_the_hospital),
    "the hospital's own, bad input": Rule(
        "the hospital's staff, on its own presentation; for them the bad input (an injury without a "
        "region, a 'photo' that is not an image, a report to Veilig Thuis about nobody, sharing "
        "without a basis) is a rule of the data (400)",
        lambda w: Result.DATA_RULE if w.of_the_hospital else Result.REFUSED),
    "the hospital's forensic doctor": Rule(
        "a forensic doctor of the hospital the examination was asked of; not its clinician, not "
        "another hospital's forensic doctor",
        lambda w: w.of_the_hospital and w.role == Role.FORENSIC_DOCTOR),
    "outside veilig thuis, to veilig thuis": Rule(
        "a professional with client data outside Veilig Thuis (meldcode step 5), or the "
        "Expertisecentrum's staff (a question about an unsafe household, referred: issue 11), to a "
        "Veilig Thuis, which receives it; Veilig Thuis itself registers its own",
        lambda w: (w.client_data or w.at_centre) and not w.veilig_thuis),
    "to no veilig thuis": Rule(
        "nobody: a partner's report is received by a Veilig Thuis only (here: sent to the police)",
        lambda w: False),
    # -- the Expertisecentrum and the help catalogue (issue 11), through their services; these rules
    # speak of every role, with or without client data (the centre's staff have none) --
    "the centre": Rule(
        "the Expertisecentrum's staff: its trainings, questions, experts, awareness and dialogue "
        "meetings; nobody else, not the functional administrator",
        lambda w: w.at_centre),
    "the centre, bad input": Rule(
        "the Expertisecentrum's staff, for whom bad input (a course of 0 hours, a session of 0 "
        "places, an anonymous question with contact details, an expert without a theme, a campaign "
        "ending before it starts, a meeting with 0 participants) is a rule of the data (400)",
        lambda w: Result.DATA_RULE if w.at_centre else Result.REFUSED),
    "the framework": Rule(
        "the functional administrator: the standards and competencies of Werken aan Veiligheid; "
        "not the Expertisecentrum",
        lambda w: w.administers),
    "the framework, bad input": Rule(
        "the functional administrator; a code that exists already is a rule of the data (400)",
        lambda w: Result.DATA_RULE if w.administers else Result.REFUSED),
    "anyone working": Rule(
        "anyone with an active role in Eendak: enrol oneself for a published session, ask for an "
        "experience expert",
        lambda w: True),
    "anyone working, bad input": Rule(
        "anyone with an active role; an expert wanted on a day in the past is a rule of the data",
        lambda w: Result.DATA_RULE),
    "own enrolment or the centre": Rule(
        "the participant (their own enrolment) or the Expertisecentrum's staff; never someone "
        "else's enrolment",
        lambda w: w.own_record or w.at_centre),
    "own enrolment or the centre, bad input": Rule(
        "the participant or the centre's staff; a score of 0 (1 to 5) is a rule of the data",
        lambda w: Result.DATA_RULE if (w.own_record or w.at_centre) else Result.REFUSED),
    "the catalogue": Rule(
        "the functional administrator: providers and offers added and changed",
        lambda w: w.administers),
    "the catalogue, bad input": Rule(
        "the functional administrator; an offer with a negative waiting time is a rule of the data",
        lambda w: Result.DATA_RULE if w.administers else Result.REFUSED),
    "the provider's own": Rule(
        "the provider's own people who do the work (client data or the centre's records at its "
        "organisation; not its log administrator, privacy officer or analyst) or the functional "
        "administrator: the offer's waiting time and capacity; never another organisation",
        lambda w: (w.own_record and (w.client_data or w.at_centre)) or w.administers),
    "the provider's own, bad input": Rule(
        "the provider's own people who do the work or the functional administrator; a negative "
        "waiting time is a rule of the data (400)",
        lambda w: Result.DATA_RULE if ((w.own_record and (w.client_data or w.at_centre))
                                       or w.administers) else Result.REFUSED),
}


# --- (b) The actions ---------------------------------------------------------------------------------

JOURNAL_TEXT = "Huisbezoek afgelegd; moeder en kinderen thuis."
CONDITION_TEXT = "Vader komt niet in de woning."
GOAL_TEXT = "De kinderen slapen rustig."
OWN_ACTION_TEXT = "Gesprek met moeder (eigen actie)"
TEAM_ACTION_TEXT = "Gesprek met vader (voor het lokale team)"
GLASS_REASON = "Kind met letsel op de spoedeisende hulp; eerdere zorgen nodig voor de behandeling."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class Action:
    """One state-changing step, as the user takes it: the request, and what they then see."""

    name: str                          # in the words of the work
    permission: str                    # the declared permission it asks
    rule: str                          # a key of RULES
    method: str                        # post, patch; "upload" = multipart POST
    route: str                         # with {case}, {report}, ... from ``File.ids``
    body: Callable[["File"], dict] | None
    done: Callable[["File"], bool]     # what the user finds after it was done
    success: int = 200
    channel: str = "api"               # api, or ui: the screen's form
    # What it acts on: case, report, person, household, nothing; or the Veiligheidsteam's referral,
    # conference, (agenda) item or measure of the household (``SAFETY_TEAM_OBJECTS``).
    on: str = "case"
    prepare: Callable[["File"], dict] | None = None   # extra state (and ids), inside the savepoint
    applies: Callable[[Who], bool] = field(default=lambda who: True)
    # Other declared permissions the step asks after its own, whose refusal stands for it too
    # (an action agreed at a conference is added to the plan under the plan's own rules).
    also_refused_by: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.name} [{self.channel}]"

    def path(self, ids: dict) -> str:
        return self.route.format(**ids)


def _today(file=None) -> str:
    return timezone.localdate().isoformat()


def _case(file) -> Case:
    return Case.objects.get(pk=file.case.pk)


def _pending(to: str):
    """A handover of oversight of safety, offered by the responsible organisation (the user's own
    organisation when it is responsible) to ``to``: "user" or "youth" (youth protection)."""

    def prepare(file) -> dict:
        case = _case(file)
        receiver = file.user_org if to == "user" else file.youth
        offering = (file.membership if case.responsible_organisation_id == file.user_org.pk
                    else file.team_member)
        handover = Handover.objects.create(
            case=case, from_organisation=case.responsible_organisation, to_organisation=receiver,
            offered_by=offering.user, contents={})
        return {"handover": handover.pk}

    return prepare


def _handover_status(file, status) -> bool:
    return Handover.objects.filter(pk=file.extra["handover"], status=status).exists()


def _recurrence(file) -> dict:
    """A new report about the household after closure, signalled to the last responsible one."""
    case = _case(file)
    recurrence = Recurrence.objects.create(report=file.report, previous_case=case,
                                           signalled_to=case.responsible_organisation)
    return {"recurrence": recurrence.pk}


def _assessed(file) -> dict:
    Report.objects.filter(pk=file.report.pk).update(status="assessed")
    SafetyAssessment.objects.create(report=file.report, acute_unsafety=False,
                                    structural_unsafety=True, triage="structural_serious",
                                    rationale="Structureel onveilig.",
                                    assessed_by=file.vt_member.user)
    return {}


def _investigating(file) -> dict:
    today = timezone.localdate()
    Investigation.objects.create(report=file.report, started_on=today,
                                 due_on=today + timedelta(weeks=10))
    return {}


def _no_earlier_attempts(file) -> dict:
    """Attempts to break the glass are throttled per user (the password is asked again). User ids
    come back in every test — the database rolls back, the throttle's cache does not — so each
    attempt here starts from none."""
    cache.clear()
    return {}


def _two_records(file) -> dict:
    keep = f.PersonFactory(given_names="Piet", surname="Dubbel")
    merge = f.PersonFactory(given_names="Piet", surname="Dubbel")
    return {"keep": keep.pk, "merge": merge.pk}


def _merged(file) -> dict:
    from eendak.persons import registry

    ids = _two_records(file)
    record = registry.merge_persons(file.vt_actor, keep=Person.objects.get(pk=ids["keep"]),
                                    merge=Person.objects.get(pk=ids["merge"]),
                                    reason="Twee keer ingevoerd.")
    return {**ids, "merge_record": record.pk}


def _takes_part_or_took_part(who: Who) -> bool:
    """Only an organisation that takes or took part has a participation or an action of its own."""
    return who.relation in (Relation.RESPONSIBLE, Relation.PARTICIPANT, Relation.FORMER_PARTICIPANT)


def _may_be_offered(who: Who) -> bool:
    """Oversight of safety is offered to an organisation that can hold it; the offer brings it in,
    so it takes part (``build_file`` offers it to the user's organisation there)."""
    return who.relation == Relation.PARTICIPANT and who.org_type in HOLDS_OVERSIGHT


def _earlier_referral_handed_back(file) -> dict:
    """The family's referral was handed back at stable safety: it may be referred again."""
    Referral.objects.filter(pk=file.referral.pk).update(status=ReferralStatus.HANDED_BACK,
                                                       handed_back_at=timezone.now())
    return {}


def _asked_by_the_local_team(file) -> dict:
    """The local team, taking part, asked Veilig Thuis to refer; Veilig Thuis has not decided."""
    Referral.objects.filter(pk=file.referral.pk).update(
        status=ReferralStatus.REQUESTED, requesting_organisation=file.team, referred_at=None,
        triage_on=None, coordinator=None, accepted_on=None)
    return {}


def _waiting_for_the_triage(file) -> dict:
    Referral.objects.filter(pk=file.referral.pk).update(status=ReferralStatus.REFERRED,
                                                       coordinator=None, accepted_on=None)
    return {}


def _stable_safety(file) -> dict:
    Case.objects.filter(pk=file.case.pk).update(phase="stable_safety")
    return {}


def _another_conference(file) -> dict:
    """A second conference, in two weeks, with nobody on its agenda yet."""
    conference = Conference.objects.create(
        reference=f"CO-MX-{file.case.pk}-3", starts_at=timezone.now() + timedelta(days=14),
        place="Zorg- en Veiligheidshuis", chair=file.safety_member.user,
        created_by=file.safety_member.user, is_synthetic=True)
    return {"other_conference": conference.pk}


def _referral_body(file) -> dict:
    return {"case": file.case.pk, "reason": REFERRAL_REASON,
            "goal": "Escalatie stoppen: straf en zorg samen.", "escalationSignals": ["weapon"]}


def _new_referral(status: str):
    def done(file) -> bool:
        return Referral.objects.filter(case=file.case, reason=REFERRAL_REASON, status=status,
                                       requesting_organisation=file.user_org).exists()

    return done


def _referral_status(status: str):
    return lambda file: Referral.objects.filter(pk=file.referral.pk, status=status).exists()


def _is_veilig_thuis(who: Who) -> bool:
    """Veilig Thuis refers; everybody else asks it to: the API chooses by who asks."""
    return who.org_type == T.VEILIG_THUIS


def _report_body(file) -> dict:
    return {"channel": "phone", "reporter": {"name": "Mw. J. de Leerkracht", "isProfessional": True,
                                             "organisationName": "Basisschool De Regenboog"},
            "violenceTypes": ["kindermishandeling"], "account": "Een leerling vertelt over geweld.",
            "municipality": file.household.municipality_id}


C = "/api/v1/cases/{case}"
R = "/api/v1/reports/{report}"
ITEM = "/api/v1/agenda-items/{item}"
REFERRAL_REASON = "Derde huisverbod in twee jaar; dreiging met een mes."
CONTRIBUTION_TEXT = "Twee meldingen deze maand."
DECISION_TEXT = "Contactverbod aanvragen."
AGREED_TEXT = "Contactverbod voorbereiden (uit het casusoverleg)"
PLACE = "Zorg- en Veiligheidshuis, Tilburg (matrix)"
ACTIONS = [
    # -- every participant: the journal, documents, the child's voice, shields, its own actions --
    Action("add a journal entry", "cases.add_journal_entry", "takes part", "post", C + "/journal/",
           lambda file: {"kind": "note", "text": JOURNAL_TEXT},
           lambda file: JournalEntry.objects.filter(case=file.case, text=JOURNAL_TEXT).exists(),
           success=201),
    Action("add a document", "cases.upload_document", "takes part", "upload", C + "/documents/",
           lambda file: {"file": SimpleUploadedFile("verslag.pdf", PDF, "application/pdf"),
                         "description": "Verslag huisbezoek"},
           lambda file: Document.objects.filter(case=file.case, original_name="verslag.pdf").exists(),
           success=201),
    Action("record the child's voice", "cases.record_child_voice", "takes part", "post",
           C + "/child-voices/",
           lambda file: {"child": file.child.pk, "account": "Ik ben bang als papa boos is."},
           lambda file: ChildVoice.objects.filter(case=file.case, child=file.child).exists(),
           success=201),
    Action("shield the mother's address from the local team", "cases.shield_person", "takes part",
           "post", C + "/shields/",
           lambda file: {"person": file.parent.pk, "hiddenFrom": file.team.pk,
                         "reason": "Opvangadres."},
           lambda file: Shield.objects.filter(case=file.case, person=file.parent,
                                              hidden_from=file.team).exists(),
           success=201),
    Action("add a plan action for its own organisation", "cases.add_action", "takes part", "post",
           C + "/goals/{goal}/actions/",
           lambda file: {"text": OWN_ACTION_TEXT, "ownerOrganisation": file.user_org.pk,
                         "startOn": _today(), "dueOn": _today()},
           lambda file: PlanAction.objects.filter(goal=file.goal, text=OWN_ACTION_TEXT).exists(),
           success=201),
    Action("add a plan action for the local team", "cases.add_action", "adds an action for another",
           "post", C + "/goals/{goal}/actions/",
           lambda file: {"text": TEAM_ACTION_TEXT, "ownerOrganisation": file.team.pk,
                         "startOn": _today(), "dueOn": _today()},
           lambda file: PlanAction.objects.filter(goal=file.goal, text=TEAM_ACTION_TEXT).exists(),
           success=201),
    Action("mark its own plan action done", "cases.set_action_status", "owns the action", "post",
           C + "/actions/{own_action}/status/", lambda file: {"status": "done"},
           lambda file: PlanAction.objects.filter(pk=file.own_action.pk, status="done").exists(),
           applies=_takes_part_or_took_part),
    Action("mark the local team's plan action done", "cases.set_action_status",
           "someone else's action", "post", C + "/actions/{team_action}/status/",
           lambda file: {"status": "done"},
           lambda file: PlanAction.objects.filter(pk=file.team_action.pk, status="done").exists()),
    Action("end its own participation", "cases.end_participation", "ends its own part", "post",
           C + "/participants/{own_participation}/end/", lambda file: {"reason": "Onze taak is klaar."},
           lambda file: Participation.objects.filter(pk=file.own_participation.pk,
                                                     ended_at__isnull=False).exists(),
           applies=_takes_part_or_took_part),
    # -- steering: the phase, the coordinator, who takes part --
    Action("change the phase", "cases.change_phase", "steers", "post", C + "/phase/",
           lambda file: {"toPhase": "stable_safety", "reason": "Twee maanden geen incidenten."},
           lambda file: _case(file).phase == "stable_safety", success=201),
    Action("choose the coordinator", "cases.choose_coordinator", "steers", "post",
           C + "/coordinator/", lambda file: {"user": file.team_member.user.pk},
           lambda file: _case(file).coordinator_id == file.team_member.user.pk),
    Action("let the shelter take part", "cases.add_participant", "steers", "post",
           C + "/participants/",
           lambda file: {"organisation": file.shelter.pk, "task": "Opvang moeder en kinderen",
                         "legalBasis": "consent"},
           lambda file: Participation.objects.filter(case=file.case, organisation=file.shelter,
                                                     ended_at__isnull=True).exists(),
           success=201),
    Action("end Veilig Thuis's participation", "cases.end_participation", "steers", "post",
           C + "/participants/{vt_participation}/end/",
           lambda file: {"reason": "Veilig Thuis is niet meer nodig."},
           lambda file: Participation.objects.filter(pk=file.vt_participation.pk,
                                                     ended_at__isnull=False).exists()),
    Action("close the case", "cases.close", "responsible", "post", C + "/close/",
           lambda file: {"reason": "stable_safety"},
           lambda file: _case(file).status == "closed"),
    # -- oversight of safety --
    Action("offer oversight of safety to the local team", "cases.offer_handover", "responsible",
           "post", C + "/handovers/", lambda file: {"toOrganisation": file.team.pk},
           lambda file: Handover.objects.filter(case=file.case, to_organisation=file.team,
                                                status="offered").exists(),
           success=201),
    Action("accept oversight of safety offered to it", "cases.accept_handover", "offered to it",
           "post", C + "/handovers/{handover}/accept/", None,
           lambda file: _case(file).responsible_organisation_id == file.user_org.pk,
           prepare=_pending("user"), applies=_may_be_offered),
    Action("decline oversight of safety offered to it", "cases.decline_handover", "offered to it",
           "post", C + "/handovers/{handover}/decline/", lambda file: {"reason": "Niet ons gebied."},
           lambda file: _handover_status(file, "declined"),
           prepare=_pending("user"), applies=_may_be_offered),
    Action("accept oversight of safety offered to youth protection", "cases.accept_handover",
           "offered to another", "post", C + "/handovers/{handover}/accept/", None,
           lambda file: _case(file).responsible_organisation_id == file.youth.pk,
           prepare=_pending("youth")),
    Action("decline oversight of safety offered to youth protection", "cases.decline_handover",
           "offered to another", "post", C + "/handovers/{handover}/decline/",
           lambda file: {"reason": "Niet ons gebied."},
           lambda file: _handover_status(file, "declined"), prepare=_pending("youth")),
    Action("withdraw the offer of oversight of safety", "cases.withdraw_handover", "offered by it",
           "post", C + "/handovers/{handover}/withdraw/", None,
           lambda file: _handover_status(file, "withdrawn"), prepare=_pending("youth")),
    # -- the plan --
    Action("make a new version of the plan", "cases.edit_plan", "makes the plan", "post",
           C + "/plan-versions/", lambda file: {"note": "Na het netwerkberaad"},
           lambda file: PlanVersion.objects.filter(case=file.case, number=2).exists(), success=201),
    Action("add a goal to the plan", "cases.edit_plan", "makes the plan", "post",
           C + "/plan-versions/{version}/goals/",
           lambda file: {"part": "help", "text": GOAL_TEXT},
           lambda file: PlanGoal.objects.filter(version=file.version, text=GOAL_TEXT).exists(),
           success=201),
    Action("mark the plan agreed with the family", "cases.edit_plan", "makes the plan", "post",
           C + "/plan-versions/{version}/agreed/", lambda file: {"agreedOn": _today()},
           lambda file: PlanVersion.objects.filter(pk=file.version.pk,
                                                   agreed_with_family_on__isnull=False).exists()),
    # -- safety conditions and monitoring --
    Action("set a safety condition", "cases.set_conditions", "veilig thuis taking part", "post",
           C + "/conditions/",
           lambda file: {"conditions": [{"text": CONDITION_TEXT, "agreedBy": "Beide ouders"}]},
           lambda file: SafetyCondition.objects.filter(case=file.case, text=CONDITION_TEXT).exists(),
           success=201),
    Action("record a monitoring moment", "cases.record_monitoring", "veilig thuis taking part",
           "post", C + "/monitoring-moments/{moment}/record/",
           lambda file: {"heldOn": _today(), "incidentsSinceLast": 0, "assessment": "Rustig thuis.",
                         "statuses": [{"condition": file.condition.pk, "status": "met"}]},
           lambda file: MonitoringMoment.objects.filter(pk=file.moment.pk,
                                                        held_on__isnull=False).exists()),
    Action("record an impact measurement", "cases.record_impact", "veilig thuis taking part",
           "post", C + "/impact-measurements/",
           lambda file: {"moment": "t0", "measuredOn": _today(), "incidents": 3,
                         "severity": "mild", "newReports": 0, "professionalSafety": 6,
                         "experiencedSafety": [{"person": file.parent.pk, "score": 5}],
                         "childHelp": [{"child": file.child.pk, "helpStarted": True}]},
           lambda file: ImpactMeasurement.objects.filter(case=file.case).exists(), success=201),
    Action("record an impact measurement", "cases.record_impact", "veilig thuis taking part",
           "post", "/casussen/{case}/impactmeting/",
           lambda file: {"impact-moment": "t0", "impact-measured_on": _today(),
                         "impact-incidents": "3", "impact-severity": "mild",
                         "impact-new_reports": "0", "impact-professional_safety": "6",
                         f"impact-safety_{file.parent.pk}": "5"},
           lambda file: ImpactMeasurement.objects.filter(case=file.case).exists(),
           success=302, channel="ui"),
    Action("escalate monitoring to the Veiligheidsteam", "cases.decide_monitoring_limit",
           "veilig thuis taking part", "post", C + "/monitoring-limit/",
           lambda file: {"kind": "escalate", "reason": "Opnieuw geweld ondanks de voorwaarden."},
           lambda file: MonitoringDecision.objects.filter(case=file.case).exists(), success=201),
    # -- the same steering and the recurrence on the screens --
    Action("change the phase", "cases.change_phase", "steers", "post", "/casussen/{case}/fase/",
           lambda file: {"fase-to_phase": "stable_safety",
                         "fase-reason": "Twee maanden geen incidenten."},
           lambda file: _case(file).phase == "stable_safety", success=302, channel="ui"),
    Action("choose the coordinator", "cases.choose_coordinator", "steers", "post",
           "/casussen/{case}/coordinator/",
           lambda file: {"coordinator-coordinator": file.team_member.user.pk},
           lambda file: _case(file).coordinator_id == file.team_member.user.pk,
           success=302, channel="ui"),
    Action("let the shelter take part", "cases.add_participant", "steers", "post",
           "/casussen/{case}/deelnemers/nieuw/",
           lambda file: {"deelnemer-organisation": file.shelter.pk,
                         "deelnemer-task": "Opvang moeder en kinderen",
                         "deelnemer-legal_basis": "consent"},
           lambda file: Participation.objects.filter(case=file.case, organisation=file.shelter,
                                                     ended_at__isnull=True).exists(),
           success=302, channel="ui"),
    Action("end Veilig Thuis's participation", "cases.end_participation", "steers", "post",
           "/casussen/{case}/deelnemers/beeindigen/",
           lambda file: {"beeindigen-participation": file.vt_participation.pk,
                         "beeindigen-reason": "Veilig Thuis is niet meer nodig."},
           lambda file: Participation.objects.filter(pk=file.vt_participation.pk,
                                                     ended_at__isnull=False).exists(),
           success=302, channel="ui"),
    Action("mark a recurrence as seen", "cases.acknowledge_recurrence", "signalled to it", "post",
           "/casussen/herhaling/{recurrence}/gezien/", None,
           lambda file: Recurrence.objects.filter(pk=file.extra["recurrence"],
                                                  seen_at__isnull=False).exists(),
           success=302, channel="ui", prepare=_recurrence),
    # -- the intake: Veilig Thuis's own records --
    Action("link a witness to the report", "intake.link_person", "veilig thuis's own report",
           "post", R + "/persons/",
           lambda file: {"role": "witness", "newPerson": {"givenNames": "Ans", "surname": "Getuige",
                                                          "dateOfBirth": "1970-03-04"}},
           lambda file: ReportPerson.objects.filter(report=file.report, role="witness").exists(),
           success=201, on="report"),
    Action("record the safety assessment", "intake.assess", "veilig thuis's own report", "post",
           R + "/assessment/",
           lambda file: {"acuteUnsafety": False, "structuralUnsafety": True, "triage": "structural_serious",
                         "rationale": "Al jaren ruzie, kinderen zien het."},
           lambda file: Report.objects.filter(pk=file.report.pk, status="assessed").exists(),
           on="report"),
    Action("record a risk instrument", "intake.record_instrument", "veilig thuis's own report",
           "post", R + "/instruments/", lambda file: {"instrument": "arij", "outcome": "laag"},
           lambda file: InstrumentResult.objects.filter(report=file.report).exists(), on="report"),
    Action("decide on the follow-up", "intake.decide", "veilig thuis's own report", "post",
           R + "/decision/", lambda file: {"kind": "end", "rationale": "Hulp loopt al."},
           lambda file: Decision.objects.filter(report=file.report).exists(), on="report",
           prepare=_assessed),
    Action("complete the investigation", "intake.complete_investigation",
           "veilig thuis's own report", "post", R + "/investigation-outcome/",
           lambda file: {"closedEarly": True, "conclusion": "Gezin verhuisd."},
           lambda file: Investigation.objects.filter(report=file.report,
                                                     completed_on__isnull=False).exists(),
           on="report", prepare=_investigating),
    Action("record the joint conversation", "intake.record_joint_conversation",
           "veilig thuis's own report", "patch", R + "/joint-conversations/{conversation}/",
           lambda file: {"notes": "Gesprek met moeder en lokaal team gepland."},
           lambda file: JointConversation.objects.filter(pk=file.conversation.pk)
           .exclude(notes="").exists(), on="report"),
    Action("give feedback to the reporter", "intake.give_feedback", "veilig thuis's own report",
           "post", R + "/feedback/{feedback}/complete/",
           lambda file: {"content": "Melder verteld dat Veilig Thuis het oppakt."},
           lambda file: FeedbackTask.objects.filter(pk=file.feedback.pk,
                                                    completed_at__isnull=False).exists(),
           on="report"),
    Action("record that a person was not informed, and why", "intake.record_informing",
           "veilig thuis's own report", "post", R + "/informing/{informing}/",
           lambda file: {"reasonNotInformed": "Informeren is nu niet veilig."},
           lambda file: InformingTask.objects.filter(pk=file.informing.pk)
           .exclude(reason_not_informed="").exists(), on="report"),
    Action("record the advice given", "intake.record_advice", "veilig thuis's own report", "post",
           "/api/v1/advice-requests/{advice}/advice/",
           lambda file: {"adviceGiven": "Gesprek met de ouders voorbereid.", "followUp": "call_back"},
           lambda file: AdviceRequest.objects.filter(pk=file.advice.pk).exclude(advice_given="")
           .exists(), on="report"),
    Action("turn the advice request into a report", "intake.convert_advice",
           "veilig thuis's own report", "post", "/api/v1/advice-requests/{advice}/convert/",
           lambda file: {"reporter": {"name": "Mevrouw De Wit", "phone": "06-12345678"}},
           lambda file: AdviceRequest.objects.filter(pk=file.advice.pk,
                                                     converted_to__isnull=False).exists(),
           success=201, on="report"),
    Action("take a new report", "intake.register_report", "veilig thuis", "post",
           "/api/v1/reports/", _report_body,
           lambda file: Report.objects.filter(account="Een leerling vertelt over geweld.").exists(),
           success=201, on="nothing"),
    Action("record a new advice request", "intake.register_advice", "veilig thuis", "post",
           "/api/v1/advice-requests/",
           lambda file: {"channel": "phone", "askerType": "resident", "anonymous": True,
                         "question": "Ik maak me zorgen om de buren."},
           lambda file: AdviceRequest.objects.filter(question="Ik maak me zorgen om de buren.")
           .exists(), success=201, on="nothing"),
    # -- persons --
    Action("record that the parents are partners", "persons.add_relationship", "holds the file",
           "post", "/api/v1/persons/{parent}/relationships/",
           lambda file: {"other": file.partner.pk, "kind": "partner"},
           lambda file: Relationship.objects.filter(person=file.parent, other=file.partner).exists(),
           success=201, on="person"),
    Action("break the glass for the household", "persons.break_glass", "breaks the glass", "post",
           "/api/v1/emergency-access/",
           lambda file: {"household": file.household.pk, "reason": GLASS_REASON,
                         "password": PASSWORD},
           lambda file: EmergencyAccess.objects.filter(household=file.household,
                                                       reason=GLASS_REASON).exists(),
           success=201, on="household", prepare=_no_earlier_attempts),
    Action("merge two records of one person", "persons.merge", "veilig thuis", "post",
           "/api/v1/person-merges/",
           lambda file: {"keep": file.extra["keep"], "merge": file.extra["merge"],
                         "reason": "Zelfde persoon, twee keer ingevoerd."},
           lambda file: Person.objects.filter(pk=file.extra["merge"],
                                              merged_into_id=file.extra["keep"]).exists(),
           success=201, on="nothing", prepare=_two_records),
    Action("undo a merge", "persons.merge", "veilig thuis", "post",
           "/api/v1/person-merges/{merge_record}/undo/", None,
           lambda file: PersonMerge.objects.filter(pk=file.extra["merge_record"],
                                                   undone_at__isnull=False).exists(),
           on="nothing", prepare=_merged),
    # -- the Veiligheidsteam: referral through Veilig Thuis, and the weekly triage --
    Action("ask Veilig Thuis to refer the family", "conferences.request_referral",
           "asks veilig thuis", "post", "/api/v1/referrals/", _referral_body,
           _new_referral(ReferralStatus.REQUESTED), success=201,
           prepare=_earlier_referral_handed_back, applies=lambda who: not _is_veilig_thuis(who)),
    Action("refer the family to the Veiligheidsteam", "conferences.refer", "refers", "post",
           "/api/v1/referrals/", _referral_body, _new_referral(ReferralStatus.REFERRED),
           success=201, prepare=_earlier_referral_handed_back, applies=_is_veilig_thuis),
    Action("decide on the local team's request to refer", "conferences.refer", "decides a request",
           "post",
           "/api/v1/referrals/{referral}/decision/",
           lambda file: {"refer": True, "reason": "Lange voorgeschiedenis, hoog risico."},
           _referral_status(ReferralStatus.REFERRED), on="referral",
           prepare=_asked_by_the_local_team),
    Action("accept the family at the triage", "conferences.decide_triage", "the team", "post",
           "/api/v1/referrals/{referral}/triage-decision/",
           lambda file: {"outcome": "accept", "reason": "Past bij het Veiligheidsteam.",
                         "coordinator": file.safety_member.user.pk},
           _referral_status(ReferralStatus.ACCEPTED), on="referral",
           prepare=_waiting_for_the_triage),
    Action("accept the family at the triage without naming its coordinator",
           "conferences.decide_triage", "the team names the coordinator", "post",
           "/api/v1/referrals/{referral}/triage-decision/",
           lambda file: {"outcome": "accept", "reason": "Past bij het Veiligheidsteam."},
           _referral_status(ReferralStatus.ACCEPTED), on="referral",
           prepare=_waiting_for_the_triage),
    Action("hand the family back to the local team at stable safety", "conferences.hand_back",
           "the team holding oversight", "post", "/api/v1/referrals/{referral}/hand-back/",
           lambda file: {"toOrganisation": file.team.pk,
                         "note": "Stabiele veiligheid sinds drie maanden."},
           _referral_status(ReferralStatus.HANDED_BACK), on="referral", prepare=_stable_safety),
    # -- case conferences and the household on their agenda --
    Action("plan a case conference", "conferences.plan_conference", "the team", "post",
           "/api/v1/conferences/",
           lambda file: {"startsAt": (timezone.now() + timedelta(days=7)).isoformat(),
                         "place": PLACE, "chair": file.safety_member.user.pk},
           lambda file: Conference.objects.filter(place=PLACE).exists(), success=201,
           on="nothing"),
    Action("cancel the coming conference", "conferences.plan_conference", "the team", "post",
           "/api/v1/conferences/{conference}/cancel/", None,
           lambda file: Conference.objects.filter(pk=file.coming.pk,
                                                  status=ConferenceStatus.CANCELLED).exists(),
           on="conference"),
    Action("put the family on another conference's agenda", "conferences.manage_agenda",
           "the team", "post", "/api/v1/conferences/{other_conference}/items/",
           lambda file: {"referral": file.referral.pk},
           lambda file: AgendaItem.objects.filter(conference_id=file.extra["other_conference"],
                                                  referral=file.referral).exists(),
           success=201, on="conference", prepare=_another_conference),
    Action("invite addiction care for the household", "conferences.manage_agenda", "the team",
           "post", ITEM + "/invitations/", lambda file: {"organisation": file.addiction.pk},
           lambda file: Invitation.objects.filter(item=file.item,
                                                  organisation=file.addiction).exists(),
           success=201, on="item"),
    Action("contribute to the coming conference", "conferences.contribute",
           "invited for the household", "post", ITEM + "/contributions/",
           lambda file: {"text": CONTRIBUTION_TEXT, "legalBasis": "statutory_task"},
           lambda file: Contribution.objects.filter(item=file.item, text=CONTRIBUTION_TEXT)
           .exists(), success=201, on="item"),
    Action("contribute to the conference held last week", "conferences.contribute",
           "invited, conference held", "post", "/api/v1/agenda-items/{held_item}/contributions/",
           lambda file: {"text": CONTRIBUTION_TEXT, "legalBasis": "statutory_task"},
           lambda file: Contribution.objects.filter(item=file.held_item, text=CONTRIBUTION_TEXT)
           .exists(), success=201, on="item"),
    Action("record who attended", "conferences.record_outcome", "the team", "post",
           ITEM + "/attendance/",
           lambda file: {"attendance": [{"invitation": file.ggz_invitation.pk, "attended": True,
                                         "attendee": "Dr. A. Jansen"}]},
           lambda file: Invitation.objects.filter(pk=file.ggz_invitation.pk,
                                                  attended=True).exists(), on="item"),
    Action("record that informing the family is unsafe", "conferences.record_outcome", "the team",
           "post", ITEM + "/informing/",
           lambda file: {"informed": "unsafe",
                         "notInformedReason": "Lopend strafrechtelijk onderzoek."},
           lambda file: AgendaItem.objects.filter(pk=file.item.pk, informed="unsafe").exists(),
           on="item"),
    Action("record the conference's decision", "conferences.record_outcome", "the team", "post",
           ITEM + "/decisions/", lambda file: {"text": DECISION_TEXT},
           lambda file: ConferenceDecision.objects.filter(item=file.item, text=DECISION_TEXT)
           .exists(), success=201, on="item"),
    Action("agree an action into the family's plan", "conferences.record_outcome",
           "the team, into the plan", "post", ITEM + "/actions/",
           lambda file: {"text": AGREED_TEXT, "ownerOrganisation": file.team.pk,
                         "dueOn": (timezone.localdate() + timedelta(days=7)).isoformat()},
           lambda file: ConferenceAction.objects.filter(item=file.item,
                                                        plan_action__text=AGREED_TEXT).exists(),
           success=201, on="item", also_refused_by=("cases.edit_plan", "cases.add_action")),
    # -- measures of criminal justice and care --
    Action("record a house ban", "conferences.record_measure", "takes part", "post",
           "/api/v1/measures/",
           lambda file: {"case": file.case.pk, "kind": "house_ban", "startsOn": _today()},
           lambda file: Measure.objects.filter(case=file.case, kind="house_ban",
                                               source_organisation=file.user_org,
                                               starts_on=timezone.localdate()).exists(),
           success=201),
    Action("record a house ban of 40 days", "conferences.record_measure", "a house ban of 40 days",
           "post", "/api/v1/measures/",
           lambda file: {"case": file.case.pk, "kind": "house_ban", "startsOn": _today(),
                         "endsOn": (timezone.localdate() + timedelta(days=40)).isoformat()},
           lambda file: Measure.objects.filter(case=file.case, starts_on=timezone.localdate())
           .exists(), success=201),
    Action("extend its own house ban to 28 days", "conferences.change_measure", "its own measure",
           "post", "/api/v1/measures/{own_measure}/extend/",
           lambda file: {"until": (file.own_measure.starts_on + timedelta(days=28)).isoformat(),
                         "reason": "De dreiging houdt aan."},
           lambda file: Measure.objects.filter(
               pk=file.own_measure.pk,
               ends_on=file.own_measure.starts_on + timedelta(days=28)).exists(),
           on="measure", applies=_takes_part_or_took_part),
    Action("end the local team's care track", "conferences.change_measure",
           "someone else's measure", "post", "/api/v1/measures/{team_measure}/end/",
           lambda file: {"reason": "Niet meer nodig."},
           lambda file: Measure.objects.filter(pk=file.team_measure.pk,
                                               status=MeasureStatus.ENDED).exists(),
           on="measure"),
    # -- feedback owed to an organisation --
    Action("mark feedback for its organisation seen", "conferences.acknowledge_notice",
           "feedback for it", "post", "/api/v1/notices/{own_notice}/acknowledge/", None,
           lambda file: Notice.objects.filter(pk=file.own_notice.pk,
                                              seen_at__isnull=False).exists(), on="nothing"),
    Action("mark feedback for another organisation seen", "conferences.acknowledge_notice",
           "feedback for another", "post", "/api/v1/notices/{other_notice}/acknowledge/", None,
           lambda file: Notice.objects.filter(pk=file.other_notice.pk,
                                              seen_at__isnull=False).exists(), on="nothing"),
]

# --- (b') The acute pathway's actions, through acute.services ------------------------------------------
#
# The Spoedplein's presentation is the hospital's record (``matrix_support.build_acute_world``), and
# its steps are checked where every screen and endpoint takes them: each one service call of
# ``acute.services`` (and the intake's entry for a partner's report), as the user's actor. Refused =
# ``NotPermitted`` naming the step's permission (the screens and the API turn it into the logged 404,
# their own matrices check that); a rule of the data = ``RuleViolation``; either way nothing changed.


@dataclass(frozen=True)
class ServiceAction:
    name: str                                    # in the words of the work
    permission: str                              # the declared permission it asks
    rule: str                                    # a key of RULES
    call: Callable[["AcuteWorld"], object]       # the one service call, as world.actor
    done: Callable[["AcuteWorld"], bool]         # what the user finds after it was done
    on: str = "presentation"                     # or "nothing": once per role, relation "any"
    prepare: Callable[["AcuteWorld"], dict] | None = None
    also_refused_by: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.name} [service]"


def _new_patient(world) -> acute.PresentationData:
    return acute.PresentationData(
        pathway="domestic_violence", explanation="Geduwd tegen de deur.",
        patient_data=PersonData(given_names="Eva", surname=NEW_PATIENT, date_of_birth=date(1988, 1, 2)))


def _without_incident(world) -> acute.PresentationData:
    return acute.PresentationData(
        pathway="sexual_violence",
        patient_data=PersonData(given_names="Eva", surname=NEW_PATIENT, date_of_birth=date(1988, 1, 2)))


def _the_request_withdrawn(world) -> dict:
    """The adult's earlier request was withdrawn: a new one may be made."""
    ForensicExamination.objects.filter(pk=world.waiting_examination.pk).update(status="cancelled")
    return {}


def _examination(world, status: str) -> bool:
    return ForensicExamination.objects.filter(pk=world.waiting_examination.pk, status=status).exists()


def _partner_report(world) -> ReportData:
    return ReportData(channel="hospital", account=PARTNER_ACCOUNT, violence_types=["kindermishandeling"],
                      reporter=ReporterData(name="Dr. A. Arts", is_professional=True,
                                            organisation_name="Huisartsenpraktijk (matrix)"),
                      is_acute=True)


def _a_veilig_thuis() -> Organisation:
    return Organisation.objects.filter(type=T.VEILIG_THUIS, is_active=True).order_by("pk").first()


NEW_PATIENT = "Matrixnieuw"
NEW_EXPLANATION = "Gestruikeld, zegt de begeleider nu."
SCREENING_NOTE = "Opnieuw afgenomen (matrix)."
QUESTION_TEXT = "Opnieuw: letsel vastleggen."
SHARE_NOTE = "Gedeeld met de politie (matrix)."
FOLLOW_UP_NOTE = "Lokaal team komt morgen langs (matrix)."
PARTNER_ACCOUNT = "Kind met onverklaard letsel op het spreekuur (matrix)."
PARTNER_QUESTION = "Hoe bespreek ik mijn zorgen met de ouders? (matrix)"
ACUTE_ACTIONS = [
    ServiceAction(
        "register a presentation for a new patient", "acute.register_presentation", "at a hospital",
        lambda w: acute.register_presentation(w.actor, _new_patient(w)),
        lambda w: Presentation.objects.filter(patient__surname=NEW_PATIENT).exists(), on="nothing"),
    ServiceAction(
        "register acute sexual violence without the moment of the incident",
        "acute.register_presentation", "at a hospital, bad input",
        lambda w: acute.register_presentation(w.actor, _without_incident(w)),
        lambda w: Presentation.objects.filter(patient__surname=NEW_PATIENT).exists(), on="nothing"),
    ServiceAction(
        "change the explanation given", "acute.change_presentation", "the hospital's own",
        lambda w: acute.update_presentation(w.actor, w.presentation, explanation=NEW_EXPLANATION),
        lambda w: Presentation.objects.filter(pk=w.presentation.pk,
                                              explanation=NEW_EXPLANATION).exists()),
    ServiceAction(
        "name the suspected perpetrator", "acute.change_presentation", "the hospital's own",
        lambda w: acute.name_person(w.actor, w.presentation, role="suspect", data=PersonData(
            given_names="Tom", surname="Matrixpleger", date_of_birth=date(1990, 6, 7))),
        lambda w: NamedPerson.objects.filter(presentation=w.presentation, role="suspect").exists()),
    ServiceAction(
        "record an injury on the body map", "acute.record_injury", "the hospital's own",
        lambda w: acute.record_injury(w.actor, w.presentation, acute.InjuryData(
            region="ear_right", kind="bruise", colour="blauw")),
        lambda w: Injury.objects.filter(presentation=w.presentation, region="ear_right").exists()),
    ServiceAction(
        "record an injury without a region", "acute.record_injury", "the hospital's own, bad input",
        lambda w: acute.record_injury(w.actor, w.presentation,
                                      acute.InjuryData(region="", kind="bruise")),
        lambda w: Injury.objects.filter(presentation=w.presentation).count() > 1),
    ServiceAction(
        "remove an injury recorded by mistake", "acute.record_injury", "the hospital's own",
        lambda w: acute.remove_injury(w.actor, w.injury),
        lambda w: not Injury.objects.filter(pk=w.injury.pk).exists()),
    ServiceAction(
        "record the TEN-4-FACESp checklist", "acute.record_screening", "the hospital's own",
        lambda w: acute.record_screening(w.actor, w.presentation, ticked=["cheeks", "ears"],
                                         note=SCREENING_NOTE),
        lambda w: Screening.objects.filter(presentation=w.presentation,
                                           note=SCREENING_NOTE).exists()),
    ServiceAction(
        "request a forensic examination", "acute.request_forensic", "the hospital's own",
        lambda w: acute.request_forensic(w.actor, w.waiting, question=QUESTION_TEXT),
        lambda w: ForensicExamination.objects.filter(presentation=w.waiting,
                                                     question=QUESTION_TEXT).exists(),
        prepare=_the_request_withdrawn),
    ServiceAction(
        "withdraw the request for a forensic examination", "acute.request_forensic",
        "the hospital's own",
        lambda w: acute.cancel_forensic(w.actor, w.waiting_examination, reason="Niet meer nodig."),
        lambda w: _examination(w, "cancelled")),
    ServiceAction(
        "report the forensic examination", "acute.report_forensic", "the hospital's forensic doctor",
        lambda w: acute.report_forensic(w.actor, w.waiting_examination, findings="Twee hematomen.",
                                        conclusion="Passend bij slaan."),
        lambda w: _examination(w, "reported")),
    ServiceAction(
        "add a forensic photograph", "acute.add_photo", "the hospital's own",
        lambda w: acute.add_photo(w.actor, w.presentation,
                                  SimpleUploadedFile("oor.png", matrix_support.png_bytes()),
                                  description="Oor rechts", consent_by="Moeder"),
        lambda w: Photo.objects.filter(presentation=w.presentation, description="Oor rechts").exists()),
    ServiceAction(
        "add a 'photo' that is not an image", "acute.add_photo", "the hospital's own, bad input",
        lambda w: acute.add_photo(w.actor, w.presentation, SimpleUploadedFile("oor.jpg", PDF),
                                  description="Oor rechts", consent_by="Moeder"),
        lambda w: Photo.objects.filter(presentation=w.presentation, description="Oor rechts").exists()),
    ServiceAction(
        "consult Veilig Thuis", "acute.contact_veilig_thuis", "the hospital's own",
        lambda w: acute.contact_veilig_thuis(w.actor, w.waiting, kind="advice",
                                             text="Wat is wijs?", person_ids=[]),
        lambda w: VeiligThuisContact.objects.filter(presentation=w.waiting, kind="advice").exists()),
    ServiceAction(
        "report to Veilig Thuis", "acute.contact_veilig_thuis", "the hospital's own",
        lambda w: acute.contact_veilig_thuis(w.actor, w.waiting, kind="report", text="Geslagen.",
                                             person_ids=[w.waiting.patient_id]),
        lambda w: VeiligThuisContact.objects.filter(presentation=w.waiting, kind="report").exists()),
    ServiceAction(
        "report to Veilig Thuis about nobody", "acute.contact_veilig_thuis",
        "the hospital's own, bad input",
        lambda w: acute.contact_veilig_thuis(w.actor, w.waiting, kind="report", text="Geslagen.",
                                             person_ids=[]),
        lambda w: VeiligThuisContact.objects.filter(presentation=w.waiting, kind="report").exists()),
    ServiceAction(
        "record the willingness to report to the police", "acute.record_willingness",
        "the hospital's own",
        lambda w: acute.record_willingness(w.actor, w.presentation, state="discussed"),
        lambda w: Presentation.objects.filter(pk=w.presentation.pk, willingness="discussed").exists()),
    ServiceAction(
        "share the forensic report with the police on the representative's consent",
        "acute.share_forensic_report", "the hospital's own",
        lambda w: acute.share_forensic_report(w.actor, w.presentation, organisation=w.other_police,
                                              item="forensic_report",
                                              basis="consent_representative", note=SHARE_NOTE),
        lambda w: Share.objects.filter(presentation=w.presentation, note=SHARE_NOTE).exists()),
    ServiceAction(
        "share the forensic report with the police without a basis", "acute.share_forensic_report",
        "the hospital's own, bad input",
        lambda w: acute.share_forensic_report(w.actor, w.presentation, organisation=w.other_police,
                                              item="forensic_report", basis="", note=SHARE_NOTE),
        lambda w: Share.objects.filter(presentation=w.presentation, note=SHARE_NOTE).exists()),
    ServiceAction(
        "start follow-up help with the local team", "acute.record_follow_up", "the hospital's own",
        lambda w: acute.record_follow_up(w.actor, w.presentation, kind="local_team",
                                         note=FOLLOW_UP_NOTE),
        lambda w: FollowUp.objects.filter(presentation=w.presentation, note=FOLLOW_UP_NOTE).exists()),
    ServiceAction(
        "discharge after the safety question", "acute.discharge", "the hospital's own",
        lambda w: acute.discharge(w.actor, w.presentation, safe_to_go_home="yes", destination="home",
                                  safety_conditions="Moeder blijft bij het kind."),
        lambda w: Presentation.objects.filter(pk=w.presentation.pk, status="discharged").exists()),
    # -- the intake's entry for a partner's report or consultation (meldcode step 5) --
    ServiceAction(
        "report to Veilig Thuis from one's own system", "intake.report_to_veilig_thuis",
        "outside veilig thuis, to veilig thuis",
        lambda w: intake_services.receive_partner_report(w.actor, _partner_report(w),
                                                         veilig_thuis=_a_veilig_thuis()),
        lambda w: Report.objects.filter(account=PARTNER_ACCOUNT).exists(), on="nothing"),
    ServiceAction(
        "consult Veilig Thuis from one's own system", "intake.report_to_veilig_thuis",
        "outside veilig thuis, to veilig thuis",
        lambda w: intake_services.receive_partner_advice(w.actor, intake_services.AdviceData(
            channel="hospital", asker_type="professional", question=PARTNER_QUESTION,
            asker_name="Dr. A. Arts", consent_to_contact=True), veilig_thuis=_a_veilig_thuis()),
        lambda w: AdviceRequest.objects.filter(question=PARTNER_QUESTION).exists(), on="nothing"),
    ServiceAction(
        "send a partner's report to the police instead of Veilig Thuis",
        "intake.report_to_veilig_thuis", "to no veilig thuis",
        lambda w: intake_services.receive_partner_report(w.actor, _partner_report(w),
                                                         veilig_thuis=w.other_police),
        lambda w: Report.objects.filter(account=PARTNER_ACCOUNT).exists(), on="nothing"),
]


# --- (b'') The Expertisecentrum's and the help catalogue's actions, through their services ----------------
#
# Neither holds a case or a person in a case (``matrix_support.build_expertise_world``); each step is
# the one service call every screen and endpoint makes (``expertise.services``, ``catalogue.services``),
# as the user's actor, checked as the acute pathway's: refused = ``NotPermitted`` naming the step's
# permission, a rule of the data = ``RuleViolation``, nothing changed either way. ``on="nothing"``:
# the step acts on no record of the relation, so it runs once per role.

EM = expertise_models
COURSE_TITLE = "Signaleren in de wijk (matrix)"
NEW_COMPETENCY = "Risico's taxeren (matrix)"
ANSWER_TEXT = "Bespreek het met de aandachtsfunctionaris (matrix)."
NEW_QUESTION = "Wat doe ik met een vermoeden van ouderenmishandeling? (matrix)"
SIGNAL_TEXT = "Een moeder vertelde over geweld thuis, zonder namen (matrix)."


def _future(days: int = 10):
    return timezone.now() + timedelta(days=days)


def _first(choices: str) -> str:
    return matrix_support._first(choices)


def _a_meeting(participants: int) -> expertise.MeetingData:
    return expertise.MeetingData(leader=None, held_on=timezone.localdate() - timedelta(days=1),
                                 setting=_first("MeetingSetting"), language="Turks",
                                 participants=participants, topics=[_first("MeetingTopic")])


def _meeting(w, participants: int) -> expertise.MeetingData:
    data = _a_meeting(participants)
    data.leader = w.leader
    return data


def _offer_data(w, waiting_weeks: int) -> catalogue.OfferData:
    return catalogue.OfferData(provider=w.provider, title="Plegerprogramma (matrix)",
                               kind="perpetrator_programme",
                               municipality_ids=list(w.offer.municipalities.values_list("pk", flat=True)),
                               waiting_weeks=waiting_weeks)


EXPERTISE_ACTIONS = [
    # -- the framework of Werken aan Veiligheid (reference data) --
    ServiceAction(
        "add a standard of Werken aan Veiligheid", "expertise.manage_competencies", "the framework",
        lambda w: expertise.save_standard(w.actor, code="MS2", title="Samenwerken (matrix)"),
        lambda w: EM.Standard.objects.filter(code="MS2").exists(), on="nothing"),
    ServiceAction(
        "add a competency", "expertise.manage_competencies", "the framework",
        lambda w: expertise.save_competency(w.actor, standard=w.standard, code="MC2",
                                            title=NEW_COMPETENCY),
        lambda w: EM.Competency.objects.filter(title=NEW_COMPETENCY).exists(), on="nothing"),
    ServiceAction(
        "add a competency with a code that exists", "expertise.manage_competencies",
        "the framework, bad input",
        lambda w: expertise.save_competency(w.actor, standard=w.standard, code="MC1",
                                            title=NEW_COMPETENCY),
        lambda w: False, on="nothing"),
    # -- trainings --
    ServiceAction(
        "add a course", "expertise.manage_trainings", "the centre",
        lambda w: expertise.save_course(w.actor, expertise.CourseData(
            title=COURSE_TITLE, audiences=["teachers"], duration_hours=3)),
        lambda w: EM.Course.objects.filter(title=COURSE_TITLE).exists(), on="nothing"),
    ServiceAction(
        "add a course of 0 hours", "expertise.manage_trainings", "the centre, bad input",
        lambda w: expertise.save_course(w.actor, expertise.CourseData(
            title=COURSE_TITLE, audiences=["teachers"], duration_hours=0)),
        lambda w: False, on="nothing"),
    ServiceAction(
        "plan a session", "expertise.manage_trainings", "the centre",
        lambda w: expertise.plan_session(w.actor, w.course, starts_at=_future(),
                                         ends_at=_future() + timedelta(hours=3), place="Goirle",
                                         trainer="Trainer", capacity=12),
        lambda w: EM.Session.objects.filter(place="Goirle").exists(), on="nothing"),
    ServiceAction(
        "plan a session with 0 places", "expertise.manage_trainings", "the centre, bad input",
        lambda w: expertise.plan_session(w.actor, w.course, starts_at=_future(),
                                         ends_at=_future() + timedelta(hours=3), place="Goirle",
                                         trainer="Trainer", capacity=0),
        lambda w: False, on="nothing"),
    ServiceAction(
        "publish a session", "expertise.manage_trainings", "the centre",
        lambda w: expertise.move_session(w.actor, w.draft, "published"),
        lambda w: EM.Session.objects.filter(pk=w.draft.pk, status="published").exists(),
        on="nothing"),
    ServiceAction(
        "enrol someone by phone", "expertise.manage_trainings", "the centre",
        lambda w: expertise.enrol_someone(w.actor, w.published, expertise.Registrant(
            name="Huisarts Matrix", email="huisarts@matrix.example.test")),
        lambda w: EM.Enrolment.objects.filter(email="huisarts@matrix.example.test").exists(),
        on="nothing"),
    ServiceAction(
        "record attendance", "expertise.manage_trainings", "the centre",
        lambda w: expertise.record_attendance(w.actor, w.past, present_ids=list(
            w.past.enrolments.values_list("pk", flat=True))),
        lambda w: EM.Enrolment.objects.filter(session=w.past, attended=True).exists(),
        on="nothing"),
    ServiceAction(
        "enrol oneself for a published session", "expertise.enrol_self", "anyone working",
        lambda w: expertise.enrol_self(w.actor, w.draft if w.relation == ExpertiseRelation.OWN
                                       else w.published),
        lambda w: EM.Enrolment.objects.filter(user=w.membership.user, status="enrolled").exists(),
        on="nothing",
        # the user enrols for the published session where they are not enrolled yet
        prepare=lambda w: _publish_the_draft(w)),
    ServiceAction(
        "give up a place", "expertise.cancel_enrolment", "own enrolment or the centre",
        lambda w: expertise.cancel_enrolment(w.actor, w.enrolment),
        lambda w: EM.Enrolment.objects.filter(pk=w.enrolment.pk, status="cancelled").exists()),
    ServiceAction(
        "evaluate an attended training", "expertise.evaluate", "own enrolment or the centre",
        lambda w: expertise.record_evaluation(w.actor, w.attended, score=4, useful_for_work=5),
        lambda w: EM.Evaluation.objects.filter(enrolment=w.attended).exists()),
    ServiceAction(
        "evaluate with a score of 0", "expertise.evaluate", "own enrolment or the centre, bad input",
        lambda w: expertise.record_evaluation(w.actor, w.attended, score=0, useful_for_work=5),
        lambda w: False),
    # -- advice questions --
    ServiceAction(
        "register an advice question", "expertise.handle_questions", "the centre",
        lambda w: expertise.register_question(w.actor, expertise.QuestionData(
            asker_type="volunteer", topic=_first("QuestionTopic"), question=NEW_QUESTION)),
        lambda w: EM.Question.objects.filter(question=NEW_QUESTION).exists(), on="nothing"),
    ServiceAction(
        "register an anonymous question with contact details", "expertise.handle_questions",
        "the centre, bad input",
        lambda w: expertise.register_question(w.actor, expertise.QuestionData(
            asker_type="volunteer", topic=_first("QuestionTopic"), question=NEW_QUESTION,
            anonymous=True, contact_name="Buurvrouw")),
        lambda w: False, on="nothing"),
    ServiceAction(
        "answer an advice question", "expertise.handle_questions", "the centre",
        lambda w: expertise.answer_question(w.actor, w.question, answer=ANSWER_TEXT,
                                            follow_up=_first("QuestionFollowUp")),
        lambda w: EM.Question.objects.filter(pk=w.question.pk, answer=ANSWER_TEXT).exists(),
        on="nothing"),
    ServiceAction(
        "refer a question about an unsafe household to Veilig Thuis", "expertise.handle_questions",
        "the centre",
        lambda w: expertise.refer_question(w.actor, w.question, as_="advice"),
        lambda w: EM.Question.objects.filter(pk=w.question.pk, status="referred").exists()
        and AdviceRequest.objects.filter(question__contains="zorgen met een ouder").exists(),
        on="nothing"),
    # -- experience experts --
    ServiceAction(
        "add an experience expert", "expertise.manage_experts", "the centre",
        lambda w: expertise.save_expert(w.actor, pseudonym="Stem Matrix",
                                        themes=[_first("ExpertTheme")], languages=["Arabisch"]),
        lambda w: EM.Expert.objects.filter(pseudonym="Stem Matrix").exists(), on="nothing"),
    ServiceAction(
        "add an experience expert without a theme", "expertise.manage_experts",
        "the centre, bad input",
        lambda w: expertise.save_expert(w.actor, pseudonym="Stem Matrix", themes=[],
                                        languages=["Arabisch"]),
        lambda w: False, on="nothing"),
    ServiceAction(
        "match an expert to a request", "expertise.manage_experts", "the centre",
        lambda w: expertise.match_expert(w.actor, w.expert_request, w.expert),
        lambda w: EM.ExpertRequest.objects.filter(pk=w.expert_request.pk, status="matched").exists(),
        on="nothing"),
    ServiceAction(
        "record the debrief and aftercare", "expertise.manage_experts", "the centre",
        lambda w: expertise.debrief_expert(w.actor, w.matched, debrief="Goed verlopen.",
                                           aftercare_offered=True),
        lambda w: EM.ExpertRequest.objects.filter(pk=w.matched.pk, status="done").exists(),
        on="nothing"),
    ServiceAction(
        "ask for an experience expert", "expertise.request_expert", "anyone working",
        lambda w: expertise.request_expert(w.actor, purpose=_first("ExpertPurpose"),
                                           wanted_on=timezone.localdate() + timedelta(days=20),
                                           themes=[], note="Teamoverleg (matrix)"),
        lambda w: EM.ExpertRequest.objects.filter(note="Teamoverleg (matrix)").exists(),
        on="nothing"),
    ServiceAction(
        "ask for an experience expert on a day in the past", "expertise.request_expert",
        "anyone working, bad input",
        lambda w: expertise.request_expert(w.actor, purpose=_first("ExpertPurpose"),
                                           wanted_on=timezone.localdate() - timedelta(days=2),
                                           themes=[]),
        lambda w: False, on="nothing"),
    # -- awareness --
    ServiceAction(
        "add a campaign", "expertise.manage_awareness", "the centre",
        lambda w: expertise.save_campaign(w.actor, title="Scholenweek (matrix)",
                                          starts_on=timezone.localdate(),
                                          ends_on=timezone.localdate() + timedelta(days=4)),
        lambda w: EM.Campaign.objects.filter(title="Scholenweek (matrix)").exists(), on="nothing"),
    ServiceAction(
        "add a campaign that ends before it starts", "expertise.manage_awareness",
        "the centre, bad input",
        lambda w: expertise.save_campaign(w.actor, title="Scholenweek (matrix)",
                                          starts_on=timezone.localdate(),
                                          ends_on=timezone.localdate() - timedelta(days=4)),
        lambda w: False, on="nothing"),
    ServiceAction(
        "plan an awareness event", "expertise.manage_awareness", "the centre",
        lambda w: expertise.plan_event(w.actor, title="Voorlichting school (matrix)",
                                       kind=_first("EventKind"), starts_at=_future(),
                                       place="Dongen", campaign=w.campaign),
        lambda w: EM.AwarenessEvent.objects.filter(place="Dongen").exists(), on="nothing"),
    ServiceAction(
        "record an event as held, with its reach", "expertise.manage_awareness", "the centre",
        lambda w: expertise.close_event(w.actor, w.event, target="held", reach=45),
        lambda w: EM.AwarenessEvent.objects.filter(pk=w.event.pk, reach=45).exists(), on="nothing"),
    # -- dialogue leaders and meetings --
    ServiceAction(
        "add a dialogue leader", "expertise.manage_dialogue", "the centre",
        lambda w: expertise.save_leader(w.actor, name="Leider Matrix", community=_first("Community"),
                                        languages=["Turks"]),
        lambda w: EM.DialogueLeader.objects.filter(name="Leider Matrix").exists(), on="nothing"),
    ServiceAction(
        "record a dialogue meeting", "expertise.manage_dialogue", "the centre",
        lambda w: expertise.record_meeting(w.actor, _meeting(w, 9)),
        lambda w: EM.DialogueMeeting.objects.filter(participants=9).exists(), on="nothing"),
    ServiceAction(
        "record a dialogue meeting with 0 participants", "expertise.manage_dialogue",
        "the centre, bad input",
        lambda w: expertise.record_meeting(w.actor, _meeting(w, 0)),
        lambda w: False, on="nothing"),
    ServiceAction(
        "pass a meeting's signal to Veilig Thuis, anonymously", "expertise.manage_dialogue",
        "the centre",
        lambda w: expertise.pass_signal(w.actor, w.meeting, text=SIGNAL_TEXT, to="veilig_thuis"),
        lambda w: EM.DialogueSignal.objects.filter(meeting=w.meeting).exists()
        and AdviceRequest.objects.filter(question__contains=SIGNAL_TEXT).exists(), on="nothing"),
    # -- the help catalogue --
    ServiceAction(
        "add a provider", "catalogue.manage_offers", "the catalogue",
        lambda w: catalogue.save_provider(w.actor, name="Sterk Huis (matrix)"),
        lambda w: Provider.objects.filter(name="Sterk Huis (matrix)").exists(), on="nothing"),
    ServiceAction(
        "add an offer", "catalogue.manage_offers", "the catalogue",
        lambda w: catalogue.save_offer(w.actor, _offer_data(w, 3)),
        lambda w: Offer.objects.filter(title="Plegerprogramma (matrix)").exists()),
    ServiceAction(
        "add an offer with a negative waiting time", "catalogue.manage_offers",
        "the catalogue, bad input",
        lambda w: catalogue.save_offer(w.actor, _offer_data(w, -2)),
        lambda w: False),
    ServiceAction(
        "keep an offer's waiting time up to date", "catalogue.update_offer", "the provider's own",
        lambda w: catalogue.update_offer(w.actor, w.offer, waiting_weeks=11, capacity=5),
        lambda w: Offer.objects.filter(pk=w.offer.pk, waiting_weeks=11).exists()),
    ServiceAction(
        "set a negative waiting time", "catalogue.update_offer", "the provider's own, bad input",
        lambda w: catalogue.update_offer(w.actor, w.offer, waiting_weeks=-1),
        lambda w: False),
]


def _publish_the_draft(world) -> dict:
    """For relation ``own`` the user is enrolled in the published session already: the draft is
    published (by the centre) for them to enrol in."""
    if world.relation == ExpertiseRelation.OWN:
        expertise.move_session(world.staff, world.draft, "published")
    return {}


# Declared change permissions that act on no household's file, case, report or person, and why.
OUTSIDE_THE_MATRIX = {
    "core.retry_job": "a user retries their own long work (an export); its own permission decides "
                      "what the work may read",
    "core.manage_users": "the functional administrator manages staff and their roles",
    "core.manage_organisations": "the functional administrator manages the organisations",
}


# --- Known gaps ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownGap:
    """A place where the code does not (yet) follow the rules above, reported to its owner.

    The matrix expects the gap exactly where it is described: every named check must still fail
    there, so a fixed gap fails the run until its entry is removed and the rule is enforced again.
    Checks: status, problem+json, nothing changed, no success, refusal entry (see ``check``).
    """

    actions: tuple[str, ...]            # Action.key values
    checks: frozenset[str]
    applies: Callable[[Who], bool]
    why: str


# Gaps this matrix found and that are fixed since: intake steps on another Veilig Thuis's record
# unlogged; break the glass allowing a relationship to be recorded; ending another organisation's
# participation on the case page answered with a form error instead of the logged 404. A new gap
# goes here, precisely enough that fixing it fails the test until it is removed.
KNOWN_GAPS: list[KnownGap] = [
]


# --- Building one household's file around the user's organisation ----------------------------------


@dataclass
class File:
    relation: Relation
    membership: object
    user_org: Organisation
    vt_other: Organisation
    team: Organisation
    youth: Organisation
    shelter: Organisation
    team_member: object
    vt_member: object
    vt_actor: Actor
    household: object
    parent: object
    partner: object
    child: object
    case: Case
    own_participation: Participation | None
    vt_participation: Participation
    version: PlanVersion
    goal: PlanGoal
    own_action: PlanAction | None
    team_action: PlanAction
    condition: SafetyCondition
    moment: MonitoringMoment
    report: Report
    conversation: JointConversation
    feedback: FeedbackTask
    informing: InformingTask
    advice: AdviceRequest
    # The household's part in the Veiligheidsteam's work (``_safety_team_work``)
    safety_member: object
    addiction: Organisation
    referral: Referral
    coming: Conference
    item: AgendaItem
    held_item: AgendaItem
    ggz_invitation: Invitation
    own_measure: Measure | None
    team_measure: Measure
    own_notice: Notice
    other_notice: Notice
    extra: dict = field(default_factory=dict)
    snapshot_sql: dict = field(default_factory=dict)

    def ids(self) -> dict:
        return {
            "case": self.case.pk, "report": self.report.pk, "advice": self.advice.pk,
            "parent": self.parent.pk, "goal": self.goal.pk, "version": self.version.pk,
            "moment": self.moment.pk, "team_action": self.team_action.pk,
            "own_action": self.own_action.pk if self.own_action else 0,
            "own_participation": self.own_participation.pk if self.own_participation else 0,
            "vt_participation": self.vt_participation.pk, "conversation": self.conversation.pk,
            "feedback": self.feedback.pk, "informing": self.informing.pk,
            "referral": self.referral.pk, "conference": self.coming.pk, "item": self.item.pk,
            "held_item": self.held_item.pk, "team_measure": self.team_measure.pk,
            "own_measure": self.own_measure.pk if self.own_measure else 0,
            "own_notice": self.own_notice.pk, "other_notice": self.other_notice.pk, **self.extra,
        }


@pytest.fixture
def parties(region):
    """The file's own parties, never the user's organisation: a Veilig Thuis of another region
    (the family moved here) that takes part and received the report, the Tilburg local team that is
    responsible, youth protection taking part, and the shelter that is not (yet) involved."""
    vt_other = Organisation.objects.create(name="Veilig Thuis West-Brabant (matrix)",
                                           type=T.VEILIG_THUIS)
    team = Organisation.objects.get(name="Lokaal team Tilburg")
    youth = Organisation.objects.get(name="Jeugdbescherming Brabant")
    shelter = Organisation.objects.get(name="Sterk Huis")
    return vt_other, team, youth, shelter


def build_file(relation: Relation, membership, parties) -> File:
    vt_other, team, youth, shelter = parties
    user_org = membership.organisation
    now, today = timezone.now(), timezone.localdate()
    team_member = f.membership(Role.CASE_COORDINATOR, team)
    vt_member = f.membership(Role.VT_INTAKE, vt_other)
    vt_member.user.acting_membership = vt_member
    vt_actor = Actor(user=vt_member.user, membership=vt_member, ip_address="127.0.0.1")

    household = f.HouseholdFactory()
    parent = f.person_in(household, "parent", bsn=f.test_bsn())
    partner = f.person_in(household, "partner")
    child = f.person_in(household, "child")
    responsible = user_org if relation == Relation.RESPONSIBLE else team
    case = Case.objects.create(reference=f"C-MX-{household.pk}", household=household,
                               responsible_organisation=responsible, opened_at=now,
                               is_synthetic=True, monitoring_started_on=today,
                               monitoring_until=today + timedelta(days=548))
    PhaseChange.objects.create(case=case, to_phase="direct_safety", reason="Casus geopend",
                               decided_by=vt_member.user, organisation=vt_other)
    for organisation in (team, vt_other, youth):
        Participation.objects.create(case=case, organisation=organisation, task="Hulpverlening")
    vt_participation = Participation.objects.get(case=case, organisation=vt_other)
    own_participation = None
    if relation in (Relation.RESPONSIBLE, Relation.PARTICIPANT):
        own_participation = Participation.objects.create(case=case, organisation=user_org,
                                                         task="Hulpverlening")
    elif relation == Relation.FORMER_PARTICIPANT:
        own_participation = Participation.objects.create(
            case=case, organisation=user_org, task="Hulpverlening",
            started_at=now - timedelta(days=60), ended_at=now - timedelta(days=1))

    condition = SafetyCondition.objects.create(case=case, text="Geen geweld in huis.",
                                               agreed_by="Beide ouders", set_by=vt_member.user)
    moment = MonitoringMoment.objects.create(case=case, planned_on=today)
    version = PlanVersion.objects.create(case=case, number=1, created_by=team_member.user,
                                         organisation=team, note="Eerste plan")
    goal = PlanGoal.objects.create(version=version, part="safety", text="Iedereen is veilig thuis.")
    team_action = PlanAction.objects.create(goal=goal, text="Huisbezoek", owner_organisation=team,
                                            start_on=today, due_on=today + timedelta(days=7))
    own_action = None
    if own_participation is not None:  # an action agreed while it took part
        own_action = PlanAction.objects.create(goal=goal, text="Contact met school",
                                               owner_organisation=user_org, start_on=today,
                                               due_on=today + timedelta(days=7))

    # Veilig Thuis's own records: the report about the household and an advice request, received by
    # the other region's Veilig Thuis — or by the user's, where the point is that it holds them.
    holder = user_org if relation == Relation.REPORT_HOLDER else vt_other
    report = Report.objects.create(
        reference=f"M-MX-{household.pk}", channel="phone", organisation=holder, household=household,
        municipality=household.municipality, violence_types=["kindermishandeling"],
        account="Een leerling vertelt over geweld thuis.", received_at=now,
        assessment_due_at=now + timedelta(days=5), is_synthetic=True)
    Reporter.objects.create(report=report, is_professional=True, name="Mw. J. de Leerkracht",
                            organisation_name="Basisschool De Regenboog")
    for person, role in ((parent, "victim"), (partner, "suspect"), (child, "child")):
        ReportPerson.objects.create(report=report, person=person, role=role)
    # The joint conversation is with the local team brought in at the decision: the user's own
    # local team where it takes part (the intake is still Veilig Thuis's alone), else Tilburg's.
    brought_in = user_org if (user_org.type == T.LOCAL_TEAM and relation in (
        Relation.RESPONSIBLE, Relation.PARTICIPANT)) else team
    conversation = JointConversation.objects.create(report=report, local_team=brought_in)
    feedback = FeedbackTask.objects.create(report=report, moment="after_assessment", due_on=today)
    informing = InformingTask.objects.create(report=report, person=partner,
                                             due_on=today + timedelta(weeks=4))
    advice = AdviceRequest.objects.create(reference=f"A-MX-{household.pk}", channel="phone",
                                          asker_type="professional", question="Zorgen om een kind.",
                                          organisation=holder, asker_name="Meester Bas",
                                          consent_to_contact=True,
                                          received_at=now)

    safety_team = _safety_team_work(relation, membership, case, vt_other, team, vt_member,
                                    own_participation)
    if relation == Relation.BREAK_THE_GLASS:
        membership.user.acting_membership = membership
        privacy.grant_emergency_access(
            Actor(user=membership.user, membership=membership, ip_address="127.0.0.1"),
            membership.user, household, password=PASSWORD,
            reason="Kind op de spoedeisende hulp met letsel; eerdere meldingen nodig voor de zorg.")
    return File(relation=relation, membership=membership, user_org=user_org, vt_other=vt_other,
                team=team, youth=youth, shelter=shelter, team_member=team_member,
                vt_member=vt_member, vt_actor=vt_actor, household=household, parent=parent,
                partner=partner, child=child, case=case, own_participation=own_participation,
                vt_participation=vt_participation, version=version, goal=goal,
                own_action=own_action, team_action=team_action, condition=condition, moment=moment,
                report=report, conversation=conversation, feedback=feedback, informing=informing,
                advice=advice, **safety_team)


def _safety_team_work(relation: Relation, membership, case, vt_other, team, vt_member,
                      own_participation) -> dict:
    """The household's part in the Veiligheidsteam's work, around the user's organisation: referred
    by Veilig Thuis and accepted (the team, with its coordinator, takes part — the user's own
    relation decides that where the user is the team); on the agenda of a coming conference and of
    one held last week, with the fixed members invited (as the agenda does for every household),
    GGz Breburg as a consulting partner and the user's organisation as one while it takes part;
    a house ban the user's organisation recorded while it took part, a care track of the local
    team, and feedback to the user's organisation and to another Veilig Thuis."""
    now, today = timezone.now(), timezone.localdate()
    user_org = membership.organisation
    team_org = Organisation.objects.get(type=T.SAFETY_HOUSE)
    safety_member = f.membership(Role.SAFETY_TEAM_MEMBER, team_org)
    if user_org != team_org:
        Participation.objects.create(case=case, organisation=team_org, task="Veiligheidsteam")
    referral = Referral.objects.create(
        reference=f"VT-A-MX-{case.pk}", case=case, status=ReferralStatus.ACCEPTED,
        requesting_organisation=vt_other, requested_by=vt_member.user, reason="Hoog risico.",
        goal="Escalatie stoppen.", referred_at=now - timedelta(days=14),
        triage_on=today - timedelta(days=10), coordinator=safety_member.user,
        accepted_on=today - timedelta(days=10), is_synthetic=True)
    fixed = list(TeamPartner.objects.filter(kind=InvitationKind.FIXED)
                 .values_list("organisation_id", flat=True))
    ggz = Organisation.objects.get(name="GGz Breburg")
    consulting = [ggz.pk]
    if relation in (Relation.RESPONSIBLE, Relation.PARTICIPANT) and user_org.pk not in fixed \
            and user_org != team_org:
        consulting.append(user_org.pk)
    items = []
    for number, (starts_at, status) in enumerate([(now + timedelta(days=2), ConferenceStatus.PLANNED),
                                                  (now - timedelta(days=7), ConferenceStatus.HELD)]):
        conference = Conference.objects.create(
            reference=f"CO-MX-{case.pk}-{number}", starts_at=starts_at, place="ZVH",
            chair=safety_member.user, created_by=safety_member.user, status=status,
            is_synthetic=True)
        item = AgendaItem.objects.create(conference=conference, referral=referral)
        Invitation.objects.bulk_create(
            [Invitation(item=item, organisation_id=pk, kind=InvitationKind.FIXED) for pk in fixed]
            + [Invitation(item=item, organisation_id=pk, kind=InvitationKind.CONSULTING)
               for pk in consulting])
        items.append(item)
    own_measure = None
    if own_participation is not None:  # recorded while it took part
        own_measure = Measure.objects.create(
            case=case, kind="house_ban", source_organisation=user_org, recorded_by=membership.user,
            starts_on=today - timedelta(days=3), ends_on=today + timedelta(days=7))
    team_measure = Measure.objects.create(
        case=case, kind="mental_health", source_organisation=team, recorded_by=vt_member.user,
        starts_on=today - timedelta(days=30))
    own_notice, other_notice = (
        Notice.objects.create(referral=referral, to_organisation=organisation,
                              text="De triage van het Veiligheidsteam heeft het gezin geaccepteerd.")
        for organisation in (user_org, vt_other))
    return {"safety_member": safety_member,
            "addiction": Organisation.objects.get(name="Novadic-Kentron"), "referral": referral,
            "coming": items[0].conference, "item": items[0], "held_item": items[1],
            "ggz_invitation": Invitation.objects.get(item=items[0], organisation=ggz),
            "own_measure": own_measure, "team_measure": team_measure, "own_notice": own_notice,
            "other_notice": other_notice}


def _snapshot_queries(file: "File") -> dict:
    """Every row of the file an action could change, by what the user calls it: one query each,
    compiled to SQL once per file (``snapshot`` runs them thousands of times)."""
    case, report = file.case, file.report
    querysets = {
        "case": Case.objects.filter(household=file.household).values_list(
            "pk", "status", "phase", "responsible_organisation_id", "coordinator_id",
            "monitoring_until", "closed_at"),
        "participations": Participation.objects.filter(case=case).values_list("pk", "ended_at"),
        "handovers": Handover.objects.filter(case=case).values_list("pk", "status"),
        "journal": JournalEntry.objects.filter(case=case).values_list("pk"),
        "phase changes": PhaseChange.objects.filter(case=case).values_list("pk"),
        "safety conditions": SafetyCondition.objects.filter(case=case).values_list("pk"),
        "monitoring moments": MonitoringMoment.objects.filter(case=case).values_list("pk",
                                                                                     "held_on"),
        "monitoring decisions": MonitoringDecision.objects.filter(case=case).values_list("pk"),
        "impact measurements": ImpactMeasurement.objects.filter(case=case).values_list("pk"),
        "plan versions": PlanVersion.objects.filter(case=case).values_list(
            "pk", "agreed_with_family_on"),
        "plan goals": PlanGoal.objects.filter(version__case=case).values_list("pk"),
        "plan actions": PlanAction.objects.filter(goal__version__case=case).values_list(
            "pk", "status"),
        "shields": Shield.objects.filter(case=case).values_list("pk"),
        "child's voice": ChildVoice.objects.filter(case=case).values_list("pk"),
        "documents": Document.objects.filter(case=case).values_list("pk"),
        "recurrences": Recurrence.objects.filter(previous_case=case).values_list("pk", "seen_at"),
        "reports": Report.objects.values_list("pk", "status"),
        "safety assessment": SafetyAssessment.objects.filter(report=report).values_list("pk"),
        "risk instruments": InstrumentResult.objects.filter(report=report).values_list("pk"),
        "decision": Decision.objects.filter(report=report).values_list("pk"),
        "investigation": Investigation.objects.filter(report=report).values_list(
            "pk", "completed_on"),
        "persons in the report": ReportPerson.objects.filter(report=report).values_list("pk"),
        "joint conversation": JointConversation.objects.filter(report=report).values_list(
            "pk", "notes", "planned_for", "held_at"),
        "feedback": FeedbackTask.objects.filter(report=report).values_list("pk", "completed_at"),
        "informing": InformingTask.objects.filter(report=report).values_list(
            "pk", "informed_on", "reason_not_informed"),
        "advice requests": AdviceRequest.objects.values_list("pk", "advice_given",
                                                             "converted_to_id"),
        "relationships": Relationship.objects.values_list("pk"),
        "merged persons": Person.objects.filter(merged_into__isnull=False).values_list(
            "pk", "merged_into_id"),
        "merges": PersonMerge.objects.values_list("pk", "undone_at"),
        "emergency access": EmergencyAccess.objects.filter(household=file.household)
        .values_list("pk"),
        "referrals": Referral.objects.filter(case=case).values_list(
            "pk", "status", "triage_on", "coordinator_id", "handed_back_at"),
        "triage decisions": TriageDecision.objects.filter(referral__case=case).values_list("pk"),
        "feedback to organisations": Notice.objects.filter(referral__case=case).values_list(
            "pk", "seen_at"),
        "conferences": Conference.objects.values_list("pk", "status", "starts_at"),
        "agenda items": AgendaItem.objects.filter(referral__case=case).values_list(
            "pk", "informed", "not_informed_reason"),
        "invitations": Invitation.objects.filter(item__referral__case=case).values_list(
            "pk", "attended", "attendee"),
        "contributions": Contribution.objects.filter(item__referral__case=case).values_list("pk"),
        "conference decisions": ConferenceDecision.objects.filter(
            item__referral__case=case).values_list("pk"),
        "conference actions": ConferenceAction.objects.filter(
            item__referral__case=case).values_list("pk"),
        "measures": Measure.objects.filter(case=case).values_list(
            "pk", "status", "ends_on", "ended_reason"),
    }
    return {name: queryset.order_by("pk").query.sql_with_params()
            for name, queryset in querysets.items()}


def snapshot(file: "File") -> dict:
    """The file's rows an action could change; equal before and after = nothing changed."""
    state = {}
    with connection.cursor() as cursor:
        for name, (sql, params) in file.snapshot_sql.items():
            cursor.execute(sql, params)
            state[name] = cursor.fetchall()
    return state


# --- Checking one combination ----------------------------------------------------------------------


CHECKED = {"combinations": 0, "done": 0, "refused": 0, "data rule": 0, "known gaps": 0}


@pytest.fixture(scope="session", autouse=True)
def _print_count(request):
    """Session scope: the count is printed once, when the run ends (once per xdist worker), with the
    grand total of reads and changes (``tests/matrix_support.py``)."""
    matrix_support.started("changes")
    yield
    line = (f"permission matrix, changes: {CHECKED['combinations']} (role, action, relation) "
            f"combinations checked ({CHECKED['done']} done, {CHECKED['refused']} refused, "
            f"{CHECKED['data rule']} refused by a rule of the data; {CHECKED['known gaps']} with a "
            f"known gap) — {len(ROLE_SPECS)} roles x "
            f"{len(ACTIONS)} actions x up to {len(relations_for(Role.VT_INTAKE))} relations, and "
            f"{len(ACUTE_ACTIONS)} acute actions x up to "
            f"{len(acute_relations(T.VEILIG_THUIS))} relations to a presentation, and "
            f"{len(EXPERTISE_ACTIONS)} Expertisecentrum and help-catalogue actions x "
            f"{len(expertise_relations(T.EXPERTISE_CENTRE))} relations to the record")
    matrix_support.finished(request, "changes", CHECKED["combinations"], line)


def send(client, action: Action, file: File):
    path = action.path(file.ids())
    data = action.body(file) if action.body else {}
    if action.channel == "ui":
        return client.post(path, data)
    if action.method == "upload":
        return client.post(path, data)
    return getattr(client, action.method)(path, json.dumps(data), content_type="application/json")


def sees_the_object(who: Who, action: Action) -> bool:
    """Whether the acting organisation sees what the action is aimed at: then a refusal names the
    permission that said no; otherwise it is the lookup's not-found (or denied) entry."""
    if action.on in ("case", "person"):
        return who.sees_the_file
    if action.on == "household":  # breaking the glass: the permission is asked of the role first
        return True
    if action.on == "report":
        return who.holds_the_report
    if action.on in SAFETY_TEAM_OBJECTS:
        # The Veiligheidsteam's endpoints ask the step's own permission of what it acts on before
        # anything else, for every role with client data (one without meets the API's gate).
        return who.client_data
    return False


SAFETY_TEAM_OBJECTS = ("referral", "conference", "item", "measure")


def _seen(entries) -> str:
    return f"(got {[(e.event, e.outcome) for e in entries]})"


def check(action: Action, who: Who, file: File, want: Result, response, before: dict,
          entries) -> list[tuple[str, str]]:
    """What the user would notice is wrong with this one request, as (check, message) pairs; the
    checks are the words ``KnownGap.checks`` uses."""
    problems = []
    membership = file.membership
    mine = [e for e in entries if e.username == membership.user.username
            and e.organisation_id == membership.organisation_id and e.role == membership.role]
    status = {Result.DONE: action.success, Result.REFUSED: 404, Result.DATA_RULE: 400,
              Result.STATE: 409 if action.channel == "api" else 400}[want]
    if response.status_code != status:
        problems.append(("status", f"HTTP {response.status_code}, expected {status}"))
    if want != Result.DONE and action.channel == "api" and not response.get(
            "Content-Type", "").startswith(PROBLEM):
        problems.append(("problem+json",
                         f"answered as {response.get('Content-Type')!r}, not problem+json"))
    after = snapshot(file)
    if want == Result.DONE:
        if not action.done(file):
            problems.append(("change", "the change is not there"))
        elif after == before:  # the snapshot must see every change, or "nothing changed" says little
            problems.append(("snapshot", "the change is not in snapshot(): add its rows there"))
        if not any(e.outcome == Outcome.SUCCESS for e in mine):
            problems.append(("success entry",
                             f"no success entry by the user in the access log {_seen(entries)}"))
        return problems
    if after != before:
        problems.append(("nothing changed", "something changed: " + ", ".join(
            name for name in before if before[name] != after[name])))
    if any(e.outcome == Outcome.SUCCESS and e.person_ids for e in entries):
        problems.append(("no success", "a success entry naming persons for a refused request "
                                       + _seen(entries)))
    if want in (Result.DATA_RULE, Result.STATE):
        if not any(e.outcome in (Outcome.FAILED, Outcome.DENIED) for e in mine):
            problems.append(("refusal entry",
                             f"the refused attempt is not in the log {_seen(entries)}"))
        return problems
    refusals = [e for e in mine if e.outcome in (Outcome.DENIED, Outcome.NOT_FOUND)]
    if sees_the_object(who, action):
        names = (action.permission, *action.also_refused_by)
        if not any(e.event in names and e.outcome == Outcome.DENIED for e in refusals):
            problems.append(("refusal entry", f"no 'denied' entry {' or '.join(names)!r} by the "
                                              f"user {_seen(entries)}"))
    elif not refusals:
        problems.append(("refusal entry", f"no not_found/denied entry by the user for the "
                                          f"refusal {_seen(entries)}"))
    if any(e.person_ids for e in refusals):
        problems.append(("refusal entry", "the refusal entry names persons"))
    return problems


def run(action: Action, who: Who, file: File, client, baseline: dict) -> list[str]:
    """The action on the file, inside a savepoint that is rolled back afterwards: every action
    starts from ``baseline``, the file as built (or as the action's ``prepare`` leaves it)."""
    with transaction.atomic():
        file.extra = {}
        before = baseline
        if action.prepare:
            file.extra = action.prepare(file)
            before = snapshot(file)
        since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        want = RULES[action.rule].expected(who) if who.client_data else Result.REFUSED
        response = send(client, action, file)
        entries = list(AccessLogEntry.objects.filter(pk__gt=since).prefetch_related("subjects"))
        problems = check(action, who, file, want, response, before, entries)
        transaction.set_rollback(True)
    return _tally(action, who, want, problems, file.user_org)


def acute_snapshot(world: "AcuteWorld") -> dict:
    """Every row of the Spoedplein an acute action could change (the test's database holds only this
    world), and what reaches Veilig Thuis and the persons' register; equal = nothing changed."""
    querysets = {
        "presentations": Presentation.objects.values_list(
            "pk", "status", "willingness", "explanation", "discharged_at"),
        "persons named": NamedPerson.objects.values_list("pk", "person_id", "role"),
        "injuries": Injury.objects.values_list("pk", "region"),
        "screenings": Screening.objects.values_list("pk"),
        "forensic examinations": ForensicExamination.objects.values_list("pk", "status", "conclusion"),
        "photos": Photo.objects.values_list("pk"),
        "contacts with Veilig Thuis": VeiligThuisContact.objects.values_list("pk", "kind"),
        "shares": Share.objects.values_list("pk", "organisation_id", "basis"),
        "follow-up": FollowUp.objects.values_list("pk"),
        "reports": Report.objects.values_list("pk"),
        "advice requests": AdviceRequest.objects.values_list("pk"),
        "persons": Person.objects.values_list("pk"),
    }
    return {name: list(queryset.order_by("pk")) for name, queryset in querysets.items()}


def check_service(action: ServiceAction, world: "AcuteWorld", want: Result, got: Result | None,
                  raised: Exception | None, before: dict, entries,
                  snapshot_of=acute_snapshot) -> list[tuple[str, str]]:
    """What the user would notice is wrong with this one service call, as (check, message) pairs."""
    problems = []
    if want == Result.STATE:
        want = Result.DATA_RULE  # to a service a StateConflict is a RuleViolation; 409 is HTTP's word
    membership = world.membership
    mine = [e for e in entries if e.username == membership.user.username
            and e.organisation_id == membership.organisation_id and e.role == membership.role]
    if got != want:
        said = f"{type(raised).__name__}: {raised}" if raised is not None else "returned"
        problems.append(("outcome", f"{said}; expected {want}"))
    after = snapshot_of(world)
    if want == Result.DONE:
        if got == Result.DONE and not action.done(world):
            problems.append(("change", "the change is not there"))
        elif got == Result.DONE and after == before:
            problems.append(("snapshot", f"the change is not in {snapshot_of.__name__}(): add its "
                                         f"rows there"))
        if not any(e.outcome == Outcome.SUCCESS for e in mine):
            problems.append(("success entry",
                             f"no success entry by the user in the access log {_seen(entries)}"))
        return problems
    if after != before:
        problems.append(("nothing changed", "something changed: " + ", ".join(
            name for name in before if before[name] != after[name])))
    if any(e.outcome == Outcome.SUCCESS and e.person_ids for e in entries):
        problems.append(("no success", "a success entry naming persons for a refused call "
                                       + _seen(entries)))
    names = (action.permission, *action.also_refused_by)
    if want == Result.REFUSED and isinstance(raised, NotPermitted) and raised.permission not in names:
        problems.append(("refused by", f"refused by {raised.permission!r}, not {' or '.join(names)!r}"))
    return problems


def run_service(action: ServiceAction, who: Who, world, baseline: dict, *,
                snapshot_of=acute_snapshot, gate: Callable[[Who], bool] | None = None) -> list[str]:
    """The action by ``who`` on the world, inside a savepoint that is rolled back afterwards (as
    ``run``): what its rule expects (``Result.REFUSED`` for whom ``gate`` shuts out before any rule
    is asked), what happened, and what the user would notice is wrong (``check_service``). Every
    service matrix runs its actions through here; a world differs only in what it snapshots."""
    with transaction.atomic():
        world.extra = {}
        before = baseline
        if action.prepare:
            world.extra = action.prepare(world)
            before = snapshot_of(world)
        since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        want = RULES[action.rule].expected(who) if gate is None or gate(who) else Result.REFUSED
        got, raised = None, None
        try:
            action.call(world)
            got = Result.DONE
        except NotPermitted as refusal:
            got, raised = Result.REFUSED, refusal
        except RuleViolation as violation:
            got, raised = Result.DATA_RULE, violation
        except Exception as crash:  # reported by name, so one crash does not hide the other actions
            raised = crash
        entries = list(AccessLogEntry.objects.filter(pk__gt=since).prefetch_related("subjects"))
        problems = check_service(action, world, want, got, raised, before, entries,
                                 snapshot_of=snapshot_of)
        transaction.set_rollback(True)
    return _tally(action, who, want, problems, world.user_org)


def _acute_gate(who: Who) -> bool:
    # Roles without client data are refused the acute pathway before a rule is asked; the
    # Expertisecentrum's staff (no client data either) may still refer to Veilig Thuis.
    return who.client_data or who.at_centre


def expertise_snapshot(world: "ExpertiseWorld") -> dict:
    """Every row of the Expertisecentrum and the help catalogue an action could change, and what
    reaches Veilig Thuis (a referral, a signal) and the cases; equal = nothing changed."""
    querysets = {
        "standards": EM.Standard.objects.values_list("pk", "code"),
        "competencies": EM.Competency.objects.values_list("pk", "code", "title"),
        "courses": EM.Course.objects.values_list("pk", "title"),
        "sessions": EM.Session.objects.values_list("pk", "status"),
        "enrolments": EM.Enrolment.objects.values_list("pk", "status", "attended"),
        "evaluations": EM.Evaluation.objects.values_list("pk"),
        "questions": EM.Question.objects.values_list("pk", "status", "answer", "question"),
        "experts": EM.Expert.objects.values_list("pk"),
        "expert requests": EM.ExpertRequest.objects.values_list("pk", "status"),
        "campaigns": EM.Campaign.objects.values_list("pk"),
        "events": EM.AwarenessEvent.objects.values_list("pk", "status", "reach"),
        "registrations": EM.EventRegistration.objects.values_list("pk"),
        "dialogue leaders": EM.DialogueLeader.objects.values_list("pk"),
        "dialogue meetings": EM.DialogueMeeting.objects.values_list("pk"),
        "signals": EM.DialogueSignal.objects.values_list("pk"),
        "providers": Provider.objects.values_list("pk", "name"),
        "offers": Offer.objects.values_list("pk", "waiting_weeks", "capacity", "updated_at"),
        "reports": Report.objects.values_list("pk"),
        "advice requests": AdviceRequest.objects.values_list("pk"),
        "cases": Case.objects.values_list("pk"),
        "persons": Person.objects.values_list("pk"),
    }
    return {name: list(queryset.order_by("pk")) for name, queryset in querysets.items()}


def _tally(action, who: Who, want: Result, problems: list[tuple[str, str]], user_org) -> list[str]:
    """Count the combination; the failures it leaves once the known gaps are excused."""
    CHECKED["combinations"] += 1
    CHECKED[{Result.DONE: "done", Result.REFUSED: "refused", Result.DATA_RULE: "data rule",
             Result.STATE: "data rule"}[want]] += 1
    gaps = [gap for gap in KNOWN_GAPS if action.key in gap.actions and gap.applies(who)]
    excused = {name for gap in gaps for name in gap.checks}
    found = {name for name, _message in problems}
    unexpected = [message for name, message in problems if name not in excused]
    fixed = [f"known gap '{name}' is gone: remove it from KNOWN_GAPS ({gap.why})"
             for gap in gaps for name in gap.checks if name not in found]
    if found & excused:
        CHECKED["known gaps"] += 1
    if not (unexpected or fixed):
        return []
    return [f"{who.role} @ {user_org.name} | {who.relation} | {action.key} (should be "
            f"{want}: {RULES[action.rule].words}): " + "; ".join(unexpected + fixed)]


# --- The tests ---------------------------------------------------------------------------------------


def test_every_change_permission_has_a_row():
    """A declared change permission without a row here fails by name: a new action is not done
    until the matrix says who may take it."""
    changes = {p.name for p in declared() if p.kind == Kind.CHANGE}
    covered = {action.permission for action in [*ACTIONS, *ACUTE_ACTIONS, *EXPERTISE_ACTIONS,
                                                *RESEARCH_ACTIONS, *GLASS_ACTIONS,
                                                *RETENTION_ACTIONS, *RIGHTS_ACTIONS,
                                                *NOTICE_ACTIONS, *TOKEN_ACTIONS]}
    missing = sorted(changes - covered - set(OUTSIDE_THE_MATRIX))
    assert not missing, f"Declared change permissions without a row in the change matrix: {missing}"
    unknown = sorted(covered - changes)
    assert not unknown, f"Rows of the change matrix naming no declared change permission: {unknown}"


def test_every_route_of_the_matrix_exists():
    """A route that is gone fails here by name, instead of every combination reporting a 404 that
    looks like a refusal."""
    missing = []
    for action in ACTIONS:
        path = action.route.format_map(_Ones())
        try:
            resolve(path)
        except Resolver404:
            missing.append(f"{action.key}: {action.route}")
    assert not missing, f"Routes the change matrix checks are missing: {missing}"


# The defect that started issue 8: the police contact could change the phase, choose the
# coordinator and end Veilig Thuis's participation, on the case page and through the API.
POLICE_DEFECT = ("change the phase", "choose the coordinator", "end Veilig Thuis's participation")


def test_the_police_contacts_defect_is_in_the_matrix():
    """The matrix checks it, and expects a refusal: ``test_change_matrix[partner_liaison@police-
    participant]`` posts each of the three steps, through the API and on the case page."""
    who = Who(Role.PARTNER_LIAISON, Relation.PARTICIPANT, T.POLICE)
    rows = [action for action in ACTIONS if action.name in POLICE_DEFECT]

    assert (Role.PARTNER_LIAISON, Relation.PARTICIPANT) in COMBINATIONS
    assert home_type(Role.PARTNER_LIAISON) == T.POLICE
    assert sorted((action.name, action.channel) for action in rows) == sorted(
        (name, channel) for name in POLICE_DEFECT for channel in ("api", "ui"))
    assert all(action.applies(who) and RULES[action.rule].expected(who) == Result.REFUSED
               for action in rows)


class _Ones(dict):
    def __missing__(self, key):
        return 1


COMBINATIONS = [(role, relation) for role in ROLE_SPECS for relation in relations_for(role)]


@pytest.mark.parametrize(("role", "relation"), COMBINATIONS,
                         ids=[f"{role}@{home_type(role)}-{relation}" for role, relation in COMBINATIONS])
def test_change_matrix(role, relation, parties, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploaded documents go to a temporary folder
    org = organisation_of_type(home_type(role), exclude=parties)
    assert role_allowed_at(role, org.type)
    membership = f.membership(role, org)
    file = build_file(relation, membership, parties)
    client = verified_client(membership)
    file.snapshot_sql = _snapshot_queries(file)
    baseline = snapshot(file)

    failures = []
    for action in ACTIONS:
        if action.on == "nothing":
            # Acts on no household's file: once per role, in the file of an organisation with no
            # part in it, as relation "any".
            if relation != Relation.OTHER_ORGANISATION:
                continue
            who = Who(role, Relation.ANY, org.type)
        else:
            who = Who(role, relation, org.type)
            if not action.applies(who):
                continue
        failures += run(action, who, file, client, baseline)
    assert not failures, "\n".join(failures)


ACUTE_COMBINATIONS = [(role, relation) for role in ROLE_SPECS
                      for relation in acute_relations(home_type(role))]


@pytest.fixture
def acute_parties(region):
    return matrix_support.acute_parties()


@pytest.mark.parametrize(("role", "relation"), ACUTE_COMBINATIONS,
                         ids=[f"acute-{role}@{home_type(role)}-{relation}"
                              for role, relation in ACUTE_COMBINATIONS])
def test_acute_change_matrix(role, relation, acute_parties, settings, tmp_path):
    """Every step of the acute pathway, through acute.services, by every role in every relation its
    organisation can have to a presentation (``matrix_support.acute_relations``)."""
    settings.MEDIA_ROOT = tmp_path  # forensic photographs go to a temporary folder
    org = organisation_of_type(home_type(role), exclude=acute_parties)
    assert role_allowed_at(role, org.type)
    membership = f.membership(role, org)
    world = build_acute_world(relation, membership, acute_parties)
    baseline = acute_snapshot(world)

    failures = []
    for action in ACUTE_ACTIONS:
        if action.on == "nothing":
            # Acts on no presentation: once per role, as relation "any".
            if relation != AcuteRelation.OTHER_HOSPITAL:
                continue
            who = Who(role, Relation.ANY, org.type)
        else:
            who = Who(role, relation, org.type)
        failures += run_service(action, who, world, baseline, gate=_acute_gate)
    assert not failures, "\n".join(failures)


EXPERTISE_COMBINATIONS = [(role, relation) for role in ROLE_SPECS
                          for relation in expertise_relations(home_type(role))]


@pytest.fixture
def expertise_parties(region):
    return matrix_support.expertise_parties()


@pytest.mark.parametrize(("role", "relation"), EXPERTISE_COMBINATIONS,
                         ids=[f"expertise-{role}@{home_type(role)}-{relation}"
                              for role, relation in EXPERTISE_COMBINATIONS])
def test_expertise_change_matrix(role, relation, expertise_parties):
    """Every step of the Expertisecentrum and the help catalogue, through their services, by every
    role, for the user's own enrolment and offer and for someone else's
    (``matrix_support.expertise_relations``)."""
    org = organisation_of_type(home_type(role), exclude=expertise_parties)
    assert role_allowed_at(role, org.type)
    membership = f.membership(role, org)
    world = build_expertise_world(relation, membership, expertise_parties)
    baseline = expertise_snapshot(world)

    failures = []
    for action in EXPERTISE_ACTIONS:
        if action.on == "nothing":
            # Acts on no record of the relation: once per role, as relation "any".
            if relation != ExpertiseRelation.OTHERS:
                continue
            who = Who(role, Relation.ANY, org.type)
        else:
            who = Who(role, relation, org.type)
        failures += run_service(action, who, world, baseline, snapshot_of=expertise_snapshot)
    assert not failures, "\n".join(failures)


# --- (f) The research export of the monitoring institute (issue 12), through monitoring.services ------
#
# A world of its own, without any household's file: studies of the user (relation ``own``: the
# user registered it as its researcher, whatever their role) or of another analyst (``others``) — one
# waiting for the privacy officer, one approved, one approved with an export ready for its one
# download. Each step is the one service call the screens and the API make, checked as (d).


class ResearchRelation(StrEnum):
    OWN = "own"        # the studies are the user's own (they are their researcher)
    OTHERS = "others"  # another analyst's studies


@dataclass
class ResearchWorld:
    relation: str
    membership: object
    actor: Actor
    user_org: Organisation
    waiting: object               # a study waiting for the privacy officer
    approved: object              # approved, no export yet
    ready: object                 # an export of another approved study, ready for its download
    cbs_ready: object = None      # a CBS half-year delivery, ready for its one download of each file
    report_ready: object = None   # the dashboards' PDF report, ready for its one download
    extra: dict = field(default_factory=dict)


def build_research_world(relation: str, membership, export_root) -> ResearchWorld:
    from eendak.core.models import Job, JobStatus
    from eendak.monitoring.models import ResearchExport, Study, StudyStatus

    starter = (membership if relation == ResearchRelation.OWN else
               f.membership(Role.ANALYST, membership.organisation))
    researcher = starter.user
    today = timezone.localdate()

    def study(title, status=StudyStatus.SUBMITTED):
        return Study.objects.create(
            title=title, purpose="Stopt het geweld na een melding (matrix)?",
            variables=["municipality", "half_year"], period_from=today - timedelta(days=90),
            period_to=today, ends_on=today + timedelta(days=90), researcher=researcher,
            organisation=membership.organisation, status=status,
            key=b"k" * 32 if status == StudyStatus.APPROVED else None)

    ready_study = study("Studie met export (matrix)", StudyStatus.APPROVED)
    job = Job.objects.create(kind="monitoring.research_export", user=researcher, membership=starter,
                             organisation=membership.organisation, status=JobStatus.DONE,
                             attempts=1)
    export_root.mkdir(parents=True, exist_ok=True)
    (export_root / "onderzoek-matrix.csv").write_text("melding_id;gemeente\r\n")
    ready = ResearchExport.objects.create(study=ready_study, job=job, requested_by=researcher,
                                          file_name="onderzoek-matrix.csv", rows=0,
                                          ready_at=timezone.now())
    from eendak.monitoring.models import CbsDelivery

    cbs_job = Job.objects.create(kind="monitoring.cbs_delivery", user=researcher, membership=starter,
                                 organisation=membership.organisation, status=JobStatus.DONE,
                                 attempts=1)
    (export_root / "cbs-matrix.csv").write_text("halfjaar;gebied\r\n")
    cbs_ready = CbsDelivery.objects.create(half_year="2025-H1", job=cbs_job, requested_by=researcher,
                                           csv_file="cbs-matrix.csv", ready_at=timezone.now())
    from eendak.monitoring.models import DashboardReport

    # The dashboards' PDF report, ready: the user's own (of their municipality where they are bound
    # to one, else of the region), or another analyst's report of the region.
    report_job = Job.objects.create(kind="monitoring.dashboard_report", user=researcher,
                                    membership=starter, organisation=membership.organisation,
                                    status=JobStatus.DONE, attempts=1)
    (export_root / "dashboardrapport-matrix.pdf").write_bytes(b"%PDF-1.7 matrix")
    bound = membership.role == Role.MUNICIPAL_POLICY_OFFICER and relation == ResearchRelation.OWN
    report_ready = DashboardReport.objects.create(
        job=report_job, requested_by=researcher, first="2025-H1", last="2025-H2",
        municipality_id=membership.organisation.municipality_id if bound else None,
        file_name="dashboardrapport-matrix.pdf", ready_at=timezone.now())
    return ResearchWorld(relation, membership, matrix_support.acting(membership),
                         membership.organisation, study("Wachtende studie (matrix)"),
                         study("Goedgekeurde studie (matrix)", StudyStatus.APPROVED), ready,
                         cbs_ready, report_ready)


def _study_data(**overrides):
    from eendak.monitoring import services as research

    today = timezone.localdate()
    values = {"title": "Nieuwe studie (matrix)",
              "purpose": "Stopt het geweld na een melding, na 18 maanden (matrix)?",
              "variables": ["municipality"], "period_from": date(2025, 1, 1), "period_to": today,
              "ends_on": today + timedelta(days=30)}
    values.update(overrides)
    return research.StudyData(**values)


def _research():
    from eendak.monitoring import services as research

    return research


def _studies():
    from eendak.monitoring.models import Study

    return Study.objects


def _exports():
    from eendak.monitoring.models import ResearchExport

    return ResearchExport.objects


def _cbs():
    from eendak.monitoring import cbs_tasks

    return cbs_tasks


def _deliveries():
    from eendak.monitoring.models import CbsDelivery

    return CbsDelivery.objects


def _reports():
    from eendak.monitoring import report_tasks

    return report_tasks


def _dashboard_reports():
    from eendak.monitoring.models import DashboardReport

    return DashboardReport.objects


def _analyst(w: Who) -> bool:
    return w.role == Role.ANALYST


def _sees_dashboards(w: Who) -> bool:
    """The analyst (the region and every municipality) or a municipal policy officer (their own)."""
    return w.role in (Role.ANALYST, Role.MUNICIPAL_POLICY_OFFICER)


def _officer(w: Who) -> bool:
    """The privacy officer of Veilig Thuis, deciding on a study that is not their own."""
    return (w.role == Role.PRIVACY_OFFICER and w.org_type == T.VEILIG_THUIS
            and w.relation != ResearchRelation.OWN)


def _researcher(w: Who) -> bool:
    return _analyst(w) and w.relation == ResearchRelation.OWN


RULES.update({
    "an analyst": Rule(
        "a role with the statistics capability (the analyst), as the study's researcher",
        _analyst),
    "an analyst, bad input": Rule(
        "the analyst; a period that ends before it begins is a rule of the data (400)",
        lambda w: Result.DATA_RULE if _analyst(w) else Result.REFUSED),
    "the privacy officer": Rule(
        "the privacy officer of Veilig Thuis, on a study they did not register; nobody else",
        _officer),
    "the privacy officer, bad input": Rule(
        "the privacy officer of Veilig Thuis; a rejection without a reason is a rule of the data",
        lambda w: Result.DATA_RULE if _officer(w) else Result.REFUSED),
    "the study's researcher": Rule(
        "the analyst who registered the study: export it and download the export once; never "
        "another analyst, never the privacy officer",
        _researcher),
    "the study's researcher, not approved": Rule(
        "the study's researcher; a study waiting for the privacy officer is a rule of the data",
        lambda w: Result.DATA_RULE if _researcher(w) else Result.REFUSED),
    "the analyst (CBS delivery)": Rule(
        "a role with the statistics capability (the analyst) starts the CBS half-year delivery",
        _analyst),
    "the analyst, a half-year not begun": Rule(
        "the analyst; a half-year that has not begun is a rule of the data (400)",
        lambda w: Result.DATA_RULE if _analyst(w) else Result.REFUSED),
    "the analyst who started the delivery": Rule(
        "the analyst who started the CBS delivery downloads each of its files once; never another "
        "analyst, never anyone else", _researcher),
    "who sees the dashboards": Rule(
        "the analyst (the region) or a municipal policy officer (their own municipality) starts the "
        "dashboards' PDF report", _sees_dashboards),
    "who sees the dashboards, a half-year that cannot be read": Rule(
        "the analyst or a municipal policy officer; a half-year that cannot be read is a rule of "
        "the data (400)", lambda w: Result.DATA_RULE if _sees_dashboards(w) else Result.REFUSED),
    "who started the report": Rule(
        "who started the dashboards' PDF report (the analyst, or a policy officer for their own "
        "municipality) downloads it once; never another analyst, never anyone else",
        lambda w: _sees_dashboards(w) and w.relation == ResearchRelation.OWN),
})


RESEARCH_ACTIONS = [
    ServiceAction(
        "register a study", "monitoring.register_study", "an analyst",
        lambda w: _research().register_study(w.actor, _study_data()),
        lambda w: _studies().filter(title="Nieuwe studie (matrix)").exists(), on="nothing"),
    ServiceAction(
        "register a study whose period ends before it begins", "monitoring.register_study",
        "an analyst, bad input",
        lambda w: _research().register_study(w.actor, _study_data(period_from=date(2025, 6, 1),
                                                                  period_to=date(2025, 1, 1))),
        lambda w: False, on="nothing"),
    ServiceAction(
        "approve a study", "monitoring.decide_study", "the privacy officer",
        lambda w: _research().approve_study(w.actor, w.waiting),
        lambda w: _studies().filter(pk=w.waiting.pk, status="approved").exists()),
    ServiceAction(
        "reject a study with its reason", "monitoring.decide_study", "the privacy officer",
        lambda w: _research().reject_study(w.actor, w.waiting,
                                           reason="Het doel rechtvaardigt dit niet (matrix)."),
        lambda w: _studies().filter(pk=w.waiting.pk, status="rejected").exists()),
    ServiceAction(
        "reject a study without a reason", "monitoring.decide_study",
        "the privacy officer, bad input",
        lambda w: _research().reject_study(w.actor, w.waiting, reason=""),
        lambda w: False),
    ServiceAction(
        "start the export of an approved study", "monitoring.export_research",
        "the study's researcher",
        lambda w: _research().start_export(w.actor, w.approved),
        lambda w: _exports().filter(study=w.approved).exists()),
    ServiceAction(
        "start the export of a study waiting for approval", "monitoring.export_research",
        "the study's researcher, not approved",
        lambda w: _research().start_export(w.actor, w.waiting),
        lambda w: False),
    ServiceAction(
        "download the export once", "monitoring.download_research_export",
        "the study's researcher",
        lambda w: _research().download_export(w.actor, w.ready)[0].close(),
        lambda w: _exports().filter(pk=w.ready.pk, downloaded_at__isnull=False).exists()),
    # The CBS half-year delivery (monitoring.cbs_tasks): the analyst's own
    ServiceAction(
        "start the CBS delivery of a half-year", "monitoring.produce_cbs_delivery",
        "the analyst (CBS delivery)",
        lambda w: _cbs().start_delivery(w.actor, "2025-H2"),
        lambda w: _deliveries().filter(half_year="2025-H2").exists(), on="nothing"),
    ServiceAction(
        "start the CBS delivery of a half-year that has not begun",
        "monitoring.produce_cbs_delivery", "the analyst, a half-year not begun",
        lambda w: _cbs().start_delivery(w.actor, "2099-H1"),
        lambda w: False, on="nothing"),
    ServiceAction(
        "download the CBS delivery file once", "monitoring.produce_cbs_delivery",
        "the analyst who started the delivery",
        lambda w: _cbs().download(w.actor, w.cbs_ready, "csv")[0].close(),
        lambda w: _deliveries().filter(pk=w.cbs_ready.pk, csv_downloaded_at__isnull=False).exists()),
    # The dashboards' PDF report (monitoring.report_tasks): the page's and the API's services
    ServiceAction(
        "start the dashboards' PDF report", "monitoring.make_dashboard_report",
        "who sees the dashboards",
        lambda w: _reports().start_report(w.actor, first="2025-H1", last="2025-H2"),
        lambda w: _dashboard_reports().filter(requested_by=w.membership.user, first="2025-H1",
                                              ready_at__isnull=True).exists(), on="nothing"),
    ServiceAction(
        "start the dashboards' PDF report for a half-year that cannot be read",
        "monitoring.make_dashboard_report",
        "who sees the dashboards, a half-year that cannot be read",
        lambda w: _reports().start_report(w.actor, first="2025-H3"),
        lambda w: False, on="nothing"),
    ServiceAction(
        "download the dashboards' PDF report once", "monitoring.make_dashboard_report",
        "who started the report",
        lambda w: _reports().download(w.actor, w.report_ready)[0].close(),
        lambda w: _dashboard_reports().filter(pk=w.report_ready.pk,
                                              downloaded_at__isnull=False).exists(),
        # The page's download asks who may see the report's work and its dashboards.
        also_refused_by=("core.view_job", "monitoring.view_dashboards")),
]


def research_snapshot(world: ResearchWorld) -> dict:
    """Every row a research action could change; equal = nothing changed."""
    from eendak.core.models import Job

    querysets = {
        "studies": _studies().values_list("pk", "title", "status", "rejection_reason",
                                          "decided_at"),
        "exports": _exports().values_list("pk", "downloaded_at"),
        "cbs deliveries": _deliveries().values_list("pk", "half_year", "csv_downloaded_at"),
        "dashboard reports": _dashboard_reports().values_list("pk", "first", "downloaded_at"),
        "jobs": Job.objects.values_list("pk", "status"),
    }
    return {name: list(queryset.order_by("pk")) for name, queryset in querysets.items()}


RESEARCH_COMBINATIONS = [(role, relation) for role in ROLE_SPECS for relation in ResearchRelation]


@pytest.mark.parametrize(("role", "relation"), RESEARCH_COMBINATIONS,
                         ids=[f"research-{role}@{home_type(role)}-{relation}"
                              for role, relation in RESEARCH_COMBINATIONS])
def test_research_change_matrix(role, relation, region, settings, tmp_path):
    """Every step of the research export, through monitoring.services, by every role, for the
    user's own studies and another analyst's."""
    settings.EENDAK_EXPORT_ROOT = tmp_path / "exports"
    org = organisation_of_type(home_type(role), exclude=())
    assert role_allowed_at(role, org.type)
    membership = f.membership(role, org)
    world = build_research_world(relation, membership, settings.EENDAK_EXPORT_ROOT)
    baseline = research_snapshot(world)

    failures = []
    for action in RESEARCH_ACTIONS:
        if action.on == "nothing":
            if relation != ResearchRelation.OTHERS:
                continue
            who = Who(role, Relation.ANY, org.type)
        else:
            who = Who(role, relation, org.type)
        failures += run_service(action, who, world, baseline, snapshot_of=research_snapshot)
    assert not failures, "\n".join(failures)


# --- (g) The review of a break-the-glass grant (issue 13), through privacy.services -------------------
#
# No file is changed, only the grant judged: a grant broken by a colleague at the user's organisation
# (``own_org``), one broken at another organisation (``other_org``), and the user's own grant
# (``own_grant``). The grants are rows made directly: breaking the glass has its own rows above.


class GlassRelation(StrEnum):
    OWN_ORG = "own_org"      # a colleague of the user's organisation broke the glass
    OTHER_ORG = "other_org"  # someone of another organisation did
    OWN_GRANT = "own_grant"  # the user did, themselves


@dataclass
class GlassWorld:
    relation: str
    membership: object
    actor: Actor
    user_org: Organisation
    grant: object
    extra: dict = field(default_factory=dict)


def build_glass_world(relation: str, membership, household) -> GlassWorld:
    from eendak.audit.models import EmergencyAccess

    org = membership.organisation
    if relation == GlassRelation.OWN_GRANT:
        by = membership
    elif relation == GlassRelation.OWN_ORG:
        by = f.membership(membership.role, org)
    else:
        by = f.membership(Role.HOSPITAL_CLINICIAN, organisation_of_type(
            T.HOSPITAL if org.type != T.HOSPITAL else T.VEILIG_THUIS, exclude=(org,)))
    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        user=by.user, membership=by, household=household, reason=GLASS_REASON,
        granted_at=now - timedelta(days=2), expires_at=now - timedelta(days=2) + timedelta(hours=4))
    return GlassWorld(relation, membership, matrix_support.acting(membership), org, grant)


def _reviews():
    from eendak.privacy.models import EmergencyReview

    return EmergencyReview.objects


def _reviewer(w: Who) -> bool:
    """The privacy officer or log administrator (emergency_access_report) of the grant's
    organisation."""
    return has(w.role, Capability.EMERGENCY_ACCESS_REPORT)


RULES.update({
    "the grant's organisation's reviewer": Rule(
        "the privacy officer or log administrator of the organisation on whose behalf the glass was "
        "broken, not their own grant (a rule of the data); never another organisation's grant",
        lambda w: (Result.REFUSED if not _reviewer(w) or w.relation == GlassRelation.OTHER_ORG
                   else Result.DATA_RULE if w.relation == GlassRelation.OWN_GRANT else Result.DONE)),
    "the grant's organisation's reviewer, bad input": Rule(
        "the privacy officer or log administrator of the grant's organisation; a not-justified "
        "review without a note is a rule of the data",
        lambda w: (Result.REFUSED if not _reviewer(w) or w.relation == GlassRelation.OTHER_ORG
                   else Result.DATA_RULE)),
})


GLASS_ACTIONS = [
    ServiceAction(
        "review an emergency grant as justified", "privacy.review_emergency_access",
        "the grant's organisation's reviewer",
        lambda w: privacy.review_emergency_grant(w.actor, w.grant, "justified",
                                                 "Acuut letsel, reden past (matrix)."),
        lambda w: _reviews().filter(grant=w.grant, outcome="justified").exists()),
    ServiceAction(
        "review an emergency grant as not justified without a note",
        "privacy.review_emergency_access", "the grant's organisation's reviewer, bad input",
        lambda w: privacy.review_emergency_grant(w.actor, w.grant, "not_justified", ""),
        lambda w: False),
]


def glass_snapshot(world: GlassWorld) -> dict:
    return {"reviews": list(_reviews().values_list("pk", "grant_id", "outcome", "note")
                            .order_by("pk"))}


GLASS_COMBINATIONS = [(role, relation) for role in ROLE_SPECS for relation in GlassRelation]


@pytest.mark.parametrize(("role", "relation"), GLASS_COMBINATIONS,
                         ids=[f"glass-{role}@{home_type(role)}-{relation}"
                              for role, relation in GLASS_COMBINATIONS])
def test_emergency_review_change_matrix(role, relation, region):
    """Judging a break-the-glass grant, through privacy.services, by every role, for a grant of the
    user's organisation, of another organisation, and the user's own."""
    org = organisation_of_type(home_type(role), exclude=())
    membership = f.membership(role, org)
    world = build_glass_world(relation, membership, f.HouseholdFactory())
    baseline = glass_snapshot(world)
    failures = []
    for action in GLASS_ACTIONS:
        failures += run_service(action, Who(role, relation, org.type), world, baseline,
                                snapshot_of=glass_snapshot)
    assert not failures, "\n".join(failures)


# --- (h) Destruction requests and retention periods (issue 13), through retention.services ---------
#
# A household's destruction request of the user's organisation, one received and one proposed by a
# colleague (``own_org``) or by the user themselves (``own_proposal``: four eyes), or both of another
# organisation (``other_org``). Approving destroys the household's file, inside the rolled-back
# savepoint. The periods are the functional administrator's, whatever the relation.


class RetentionRelation(StrEnum):
    OWN_ORG = "own_org"            # the requests are the user's organisation's; a colleague proposed
    OWN_PROPOSAL = "own_proposal"  # the user's organisation's, and the user made the proposal
    OTHER_ORG = "other_org"        # another organisation's requests


@dataclass
class RetentionWorld:
    relation: str
    membership: object
    actor: Actor
    user_org: Organisation
    received: object
    proposed: object
    fresh: object                  # a household without a request, and its first member
    extra: dict = field(default_factory=dict)


def build_retention_world(relation: str, membership) -> RetentionWorld:
    from eendak.retention.models import DestructionRequest

    org = membership.organisation
    if relation == RetentionRelation.OTHER_ORG:
        org_of_requests = organisation_of_type(
            T.HOSPITAL if org.type != T.HOSPITAL else T.VEILIG_THUIS, exclude=(org,))
        registrar = f.membership(Role.PRIVACY_OFFICER, org_of_requests)
    else:
        org_of_requests = org
        registrar = f.membership(Role.PRIVACY_OFFICER, org)
    proposer = membership.user if relation == RetentionRelation.OWN_PROPOSAL else registrar.user
    today = timezone.localdate()

    def household():
        made = f.HouseholdFactory()
        return made, f.person_in(made, "parent")

    def request(status, **extra):
        made, person = household()
        return DestructionRequest.objects.create(
            reference=f"VV-M{made.pk}", organisation=org_of_requests, household=made, person=person,
            household_reference=made.reference, received_on=today,
            deadline=today + timedelta(days=30), registered_by=registrar.user, status=status,
            **extra)

    received = request("received")
    proposed = request("proposed", proposed_outcome="destroy", proposed_by=proposer,
                       proposed_at=timezone.now(), explanation="Toegewezen (matrix).")
    return RetentionWorld(relation, membership, matrix_support.acting(membership), org, received,
                          proposed, household())


def _retention():
    from eendak.retention import services as retention

    return retention


def _requests():
    from eendak.retention.models import DestructionRequest

    return DestructionRequest.objects


def _periods():
    from eendak.retention.models import RetentionPeriod

    return RetentionPeriod.objects


def _proposer(w: Who) -> bool:
    """The privacy officer (person_access_report) of the request's organisation."""
    return has(w.role, Capability.PERSON_ACCESS_REPORT) and w.relation != RetentionRelation.OTHER_ORG


def _decider(w: Who) -> bool:
    """The log administrator or a privacy officer (emergency_access_report) of the request's
    organisation."""
    return (has(w.role, Capability.EMERGENCY_ACCESS_REPORT)
            and w.relation != RetentionRelation.OTHER_ORG)


RULES.update({
    "a privacy officer registers": Rule(
        "the privacy officer (person_access_report), for any household",
        lambda w: has(w.role, Capability.PERSON_ACCESS_REPORT)),
    "a privacy officer registers, someone outside the household": Rule(
        "the privacy officer; a person who is not in the household is a rule of the data",
        lambda w: Result.DATA_RULE if has(w.role, Capability.PERSON_ACCESS_REPORT)
        else Result.REFUSED),
    "the request's privacy officer proposes": Rule(
        "the privacy officer of the request's organisation; never another organisation's",
        _proposer),
    "the request's privacy officer, a refusal without a ground": Rule(
        "the privacy officer of the request's organisation; a refusal without a legal ground is a "
        "rule of the data", lambda w: Result.DATA_RULE if _proposer(w) else Result.REFUSED),
    "a second person of the request's organisation": Rule(
        "the log administrator or another privacy officer of the request's organisation; the "
        "proposer themselves is a rule of the data (four eyes); never another organisation",
        lambda w: (Result.REFUSED if not _decider(w) else Result.DATA_RULE
                   if w.relation == RetentionRelation.OWN_PROPOSAL else Result.DONE)),
    "a second person, sending back without a note": Rule(
        "the log administrator or a privacy officer of the request's organisation; sending back "
        "without a reason (or one's own proposal) is a rule of the data",
        lambda w: Result.DATA_RULE if _decider(w) else Result.REFUSED),
    "the functional administrator sets a period": Rule(
        "the functional administrator (manage_organisations)",
        lambda w: has(w.role, Capability.MANAGE_ORGANISATIONS)),
    "the functional administrator, a period of 0 years": Rule(
        "the functional administrator; a period of 0 years is a rule of the data",
        lambda w: Result.DATA_RULE if has(w.role, Capability.MANAGE_ORGANISATIONS)
        else Result.REFUSED),
})


RETENTION_ACTIONS = [
    ServiceAction(
        "register a destruction request", "retention.register_request",
        "a privacy officer registers",
        lambda w: _retention().register_request(w.actor, household=w.fresh[0], person=w.fresh[1]),
        lambda w: _requests().filter(household=w.fresh[0]).exists()),
    ServiceAction(
        "register a destruction request by someone outside the household",
        "retention.register_request", "a privacy officer registers, someone outside the household",
        lambda w: _retention().register_request(w.actor, household=w.fresh[0],
                                                person=w.received.person),
        lambda w: False),
    ServiceAction(
        "propose to destroy", "retention.propose_decision", "the request's privacy officer proposes",
        lambda w: _retention().propose(w.actor, w.received, outcome="destroy",
                                       explanation="Toegewezen, geen grond (matrix)."),
        lambda w: _requests().filter(pk=w.received.pk, status="proposed").exists()),
    ServiceAction(
        "propose a refusal without a legal ground", "retention.propose_decision",
        "the request's privacy officer, a refusal without a ground",
        lambda w: _retention().propose(w.actor, w.received, outcome="refuse",
                                       explanation="Van belang voor een ander (matrix)."),
        lambda w: False),
    ServiceAction(
        "approve a proposal to destroy", "retention.decide",
        "a second person of the request's organisation",
        lambda w: _retention().approve(w.actor, w.proposed),
        lambda w: _requests().filter(pk=w.proposed.pk, status="destroyed").exists()),
    ServiceAction(
        "send a proposal back without a note", "retention.decide",
        "a second person, sending back without a note",
        lambda w: _retention().send_back(w.actor, w.proposed, note=""),
        lambda w: False),
    ServiceAction(
        "set a retention period", "retention.manage_periods",
        "the functional administrator sets a period",
        lambda w: _retention().set_period(w.actor, kind="local_team", years=12,
                                          counted_from="closure", organisation=w.user_org),
        lambda w: _periods().filter(organisation=w.user_org, years=12).exists(), on="nothing"),
    ServiceAction(
        "set a retention period of 0 years", "retention.manage_periods",
        "the functional administrator, a period of 0 years",
        lambda w: _retention().set_period(w.actor, kind="local_team", years=0,
                                          counted_from="closure"),
        lambda w: False, on="nothing"),
]


def retention_snapshot(world: RetentionWorld) -> dict:
    from eendak.persons.models import Household

    return {
        "requests": list(_requests().values_list("pk", "status", "proposed_outcome", "household_id")
                         .order_by("pk")),
        "periods": list(_periods().values_list("pk", "years", "organisation_id").order_by("pk")),
        "persons": list(Person.objects.values_list("pk").order_by("pk")),
        "households": list(Household.objects.values_list("pk").order_by("pk")),
    }


RETENTION_COMBINATIONS = [(role, relation) for role in ROLE_SPECS for relation in RetentionRelation]


@pytest.mark.parametrize(("role", "relation"), RETENTION_COMBINATIONS,
                         ids=[f"retention-{role}@{home_type(role)}-{relation}"
                              for role, relation in RETENTION_COMBINATIONS])
def test_retention_change_matrix(role, relation, region):
    """Destruction requests (four eyes) and retention periods, through retention.services, by every
    role, for requests of the user's organisation (a colleague's proposal or the user's own) and of
    another organisation."""
    org = organisation_of_type(home_type(role), exclude=())
    membership = f.membership(role, org)
    world = build_retention_world(relation, membership)
    baseline = retention_snapshot(world)
    failures = []
    for action in RETENTION_ACTIONS:
        if action.on == "nothing" and relation != RetentionRelation.OWN_ORG:
            continue  # the periods know no relation: once per role
        failures += run_service(action, Who(role, relation, org.type), world, baseline,
                                snapshot_of=retention_snapshot)
    assert not failures, "\n".join(failures)


# --- (h) The data subject's requests (issue 13, parts 1 and 2), through privacy.services ----------------
#
# A person in a household whose case Veilig Thuis holds; two correction requests of one organisation's
# privacy officer about them: one open, one refused. That organisation is the user's own (``own_org``)
# or another (``other_org``). Registering a request is for any privacy officer (for their own
# organisation); every step on a request is for the privacy officer of the organisation that received
# it. The persons and cases services a decision calls are asked their own permissions too.


class RightsRelation(StrEnum):
    OWN_ORG = "own_org"      # the request was received by the user's organisation
    OTHER_ORG = "other_org"  # by another organisation


@dataclass
class RightsWorld:
    relation: str
    membership: object
    actor: Actor
    user_org: Organisation
    person: object
    case: object
    request: object   # an open correction request (given names -> "Matrixa")
    refused: object   # a refused correction request, without the person's own statement yet
    extra: dict = field(default_factory=dict)


RIGHTS_MARKER = "Inzage gevraagd (matrix)."


def build_rights_world(relation: str, membership) -> RightsWorld:
    org = membership.organisation
    household = f.HouseholdFactory()
    person = f.person_in(household, "parent")
    case = f.case_for(household, organisation_of_type(T.VEILIG_THUIS, exclude=()))
    receiver = org if relation == RightsRelation.OWN_ORG else organisation_of_type(
        T.LOCAL_TEAM if org.type != T.LOCAL_TEAM else T.VEILIG_THUIS, exclude=(org,))
    officer = matrix_support.acting(f.membership(Role.PRIVACY_OFFICER, receiver))
    today = timezone.localdate()

    def correction(field_name, value):
        return privacy.register_request(
            officer, person=person, kind="correction", received_on=today, received_via="letter",
            request_text="Gegeven klopt niet (matrix).", correction_field=field_name,
            correction_value=value)

    request = correction("given_names", "Matrixa")
    refused = correction("surname", "Anders")
    privacy.decide_request(officer, refused, granted=False, reason="Klopt met de BRP (matrix).")
    return RightsWorld(relation, membership, matrix_support.acting(membership), org, person, case,
                       request, refused)


def _rights_requests():
    from eendak.privacy.models import DataSubjectRequest

    return DataSubjectRequest.objects


def _rights_officer(w: Who) -> bool:
    """A privacy officer (person_access_report), of any organisation."""
    return has(w.role, Capability.PERSON_ACCESS_REPORT)


def _request_officer(w: Who) -> bool:
    """The privacy officer of the organisation that received the request."""
    return _rights_officer(w) and w.relation == RightsRelation.OWN_ORG


RULES.update({
    "a privacy officer": Rule(
        "a privacy officer (capability person_access_report), for their own organisation",
        _rights_officer),
    "the request's privacy officer": Rule(
        "the privacy officer of the organisation that received the request; never another "
        "organisation's request",
        _request_officer),
    "the request's privacy officer, bad input": Rule(
        "the privacy officer of the organisation that received the request; an extension without "
        "a reason is a rule of the data",
        lambda w: Result.DATA_RULE if _request_officer(w) else Result.REFUSED),
})


def _own_statements(w):
    return JournalEntry.objects.filter(case=w.case, kind="own_statement")


RIGHTS_ACTIONS = [
    ServiceAction(
        "register a data subject's request", "privacy.register_rights_request", "a privacy officer",
        lambda w: privacy.register_request(
            w.actor, person=w.person, kind="access", received_on=timezone.localdate(),
            received_via="email", request_text=RIGHTS_MARKER),
        lambda w: _rights_requests().filter(request_text=RIGHTS_MARKER,
                                     organisation=w.user_org).exists()),
    ServiceAction(
        "take a data subject's request in hand", "privacy.start_rights_request",
        "the request's privacy officer",
        lambda w: privacy.start_request(w.actor, w.request),
        lambda w: _rights_requests().filter(pk=w.request.pk, state="in_progress").exists()),
    ServiceAction(
        "extend a request's deadline with a reason", "privacy.extend_rights_request",
        "the request's privacy officer",
        lambda w: privacy.extend_request(w.actor, w.request,
                                         until=w.request.deadline + timedelta(days=20),
                                         reason="Stukken bij drie organisaties (matrix)."),
        lambda w: _rights_requests().filter(pk=w.request.pk, state="extended").exists()),
    ServiceAction(
        "extend a request's deadline without a reason", "privacy.extend_rights_request",
        "the request's privacy officer, bad input",
        lambda w: privacy.extend_request(w.actor, w.request,
                                         until=w.request.deadline + timedelta(days=20), reason=""),
        lambda w: False),
    ServiceAction(
        "grant a correction request", "privacy.decide_rights_request",
        "the request's privacy officer",
        lambda w: privacy.decide_request(w.actor, w.request, granted=True,
                                         reason="Akte overgelegd (matrix)."),
        lambda w: Person.objects.filter(pk=w.person.pk, given_names="Matrixa").exists()),
    ServiceAction(
        "add the person's own statement to a refused correction", "privacy.add_own_statement",
        "the request's privacy officer",
        lambda w: privacy.add_own_statement(w.actor, w.refused, "Ik heet echt anders (matrix)."),
        lambda w: _own_statements(w).exists()),
    ServiceAction(
        "correct a person's data (the persons service a granted correction calls)",
        "persons.correct_person", "a privacy officer",
        lambda w: persons_registry.correct_person(w.actor, w.person, "city", "Matrixstad"),
        lambda w: Person.objects.filter(pk=w.person.pk, city="Matrixstad").exists()),
    ServiceAction(
        "write the person's own statement into the case file (the cases service)",
        "cases.add_own_statement", "a privacy officer",
        lambda w: case_services.add_own_statement(w.actor, w.case, person=w.person,
                                                  text="Mijn eigen verklaring (matrix)."),
        lambda w: _own_statements(w).exists()),
]


def rights_snapshot(world: RightsWorld) -> dict:
    return {
        "requests": list(_rights_requests().values_list(
            "pk", "organisation_id", "state", "deadline", "handler_id", "decision_reason",
            "own_statement", "request_text").order_by("pk")),
        "person": list(Person.objects.filter(pk=world.person.pk).values_list(
            "given_names", "surname", "city")),
        "statements": list(_own_statements(world).values_list("pk", "text")),
    }


RIGHTS_COMBINATIONS = [(role, relation) for role in ROLE_SPECS for relation in RightsRelation]


@pytest.mark.parametrize(("role", "relation"), RIGHTS_COMBINATIONS,
                         ids=[f"rights-{role}@{home_type(role)}-{relation}"
                              for role, relation in RIGHTS_COMBINATIONS])
def test_rights_request_change_matrix(role, relation, region):
    """The data subject's requests, through privacy.services (and the persons and cases services a
    decision calls), by every role, for a request of the user's organisation and of another."""
    org = organisation_of_type(home_type(role), exclude=())
    membership = f.membership(role, org)
    world = build_rights_world(relation, membership)
    baseline = rights_snapshot(world)
    failures = []
    for action in RIGHTS_ACTIONS:
        failures += run_service(action, Who(role, relation, org.type), world, baseline,
                                snapshot_of=rights_snapshot)
    assert not failures, "\n".join(failures)


# --- (j) One's own notifications (issue 14), through notifications.services -------------------------
#
# In every relation the user has an unread notification for the membership they act for (``mine``);
# the one acted on (``target``) is that one (``own``), the user's own for another membership at
# another organisation (``own_other_membership``), or a colleague's (``others``). Marking all read
# and one's preferences are always one's own.


class NoticeRelation(StrEnum):
    OWN = "own"
    OWN_OTHER_MEMBERSHIP = "own_other_membership"
    OTHERS = "others"


@dataclass
class NoticeWorld:
    relation: str
    membership: object
    actor: Actor
    user_org: Organisation
    mine: object
    target: object
    extra: dict = field(default_factory=dict)


def _notifications():
    from eendak.notifications import models

    return models


def build_notice_world(relation: str, membership) -> NoticeWorld:
    models = _notifications()

    def notice(addressed, key):
        return models.Notification.objects.create(
            recipient=addressed.user, membership=addressed, kind="handover_offered",
            text="Overdracht aangeboden voor casus C-MATRIX", url="/casussen/1/", key=key)

    mine = notice(membership, "mine")
    if relation == NoticeRelation.OWN:
        target = mine
    elif relation == NoticeRelation.OWN_OTHER_MEMBERSHIP:
        other_org = organisation_of_type(T.POLICE if membership.organisation.type != T.POLICE
                                         else T.VEILIG_THUIS, exclude=(membership.organisation,))
        target = notice(f.membership(Role.LOG_ADMIN, other_org, user=membership.user), "other")
    else:
        target = notice(f.membership(membership.role, membership.organisation), "colleague")
    return NoticeWorld(relation, membership, matrix_support.acting(membership),
                       membership.organisation, mine, target)


def _notice_services():
    from eendak.notifications import services

    return services


RULES.update({
    "the notification's own person": Rule(
        "the person it is addressed to, acting for the membership it is for; nobody else, and not "
        "that person acting for another organisation or role",
        lambda w: w.relation == NoticeRelation.OWN),
    "anyone, their own": Rule(
        "anyone acting for a membership: their own notifications and preferences",
        lambda w: True),
    "anyone, their own, bad input": Rule(
        "anyone acting for a membership; a frequency that does not exist is a rule of the data",
        lambda w: Result.DATA_RULE),
})


NOTICE_ACTIONS = [
    ServiceAction(
        "mark a notification read", "notifications.mark_read", "the notification's own person",
        lambda w: _notice_services().mark_read(w.actor, w.target),
        lambda w: _notifications().Notification.objects.get(pk=w.target.pk).read_at is not None),
    ServiceAction(
        "mark all my notifications read", "notifications.mark_read", "anyone, their own",
        lambda w: _notice_services().mark_all_read(w.actor),
        lambda w: _notifications().Notification.objects.get(pk=w.mine.pk).read_at is not None),
    ServiceAction(
        "set my notification preferences", "notifications.set_preferences", "anyone, their own",
        lambda w: _notice_services().set_preferences(w.actor, frequency="daily", choices=[
            _notice_services().Choice("recurrence", False, True)]),
        lambda w: _notifications().MailSetting.objects.filter(user=w.membership.user,
                                                              frequency="daily").exists()),
    ServiceAction(
        "set my notification preferences with a frequency that does not exist",
        "notifications.set_preferences", "anyone, their own, bad input",
        lambda w: _notice_services().set_preferences(w.actor, frequency="hourly", choices=[]),
        lambda w: False),
]


def notice_snapshot(world: NoticeWorld) -> dict:
    models = _notifications()
    return {
        "notifications": list(models.Notification.objects.values_list("pk", "read_at")
                              .order_by("pk")),
        "settings": list(models.MailSetting.objects.values_list("user_id", "frequency")
                         .order_by("user_id")),
        "preferences": list(models.Preference.objects.values_list("user_id", "kind", "in_app",
                                                                  "by_email").order_by("pk")),
    }


NOTICE_COMBINATIONS = [(role, relation) for role in ROLE_SPECS for relation in NoticeRelation]


@pytest.mark.parametrize(("role", "relation"), NOTICE_COMBINATIONS,
                         ids=[f"notice-{role}@{home_type(role)}-{relation}"
                              for role, relation in NOTICE_COMBINATIONS])
def test_notification_change_matrix(role, relation, region):
    """One's own notifications and preferences, through notifications.services, by every role, for
    the user's own notification, their own for another membership, and a colleague's."""
    org = organisation_of_type(home_type(role), exclude=())
    membership = f.membership(role, org)
    world = build_notice_world(relation, membership)
    baseline = notice_snapshot(world)
    failures = []
    for action in NOTICE_ACTIONS:
        failures += run_service(action, Who(role, relation, org.type), world, baseline,
                                snapshot_of=notice_snapshot)
    assert not failures, "\n".join(failures)


# --- (k) API tokens of service accounts (issue 14), through api.tokens --------------------------------
#
# No file is changed: a service account of the police and one of its tokens. Issuing and revoking
# are the functional administrator's, whatever the organisation (the screens under /beheer/ and
# /api/v1/service-tokens call the same two services). Once per role, relation ``any``.


@dataclass
class TokenWorld:
    relation: str
    membership: object
    actor: Actor
    user_org: Organisation
    service: object   # the service account's membership
    token: object     # an active token of it
    extra: dict = field(default_factory=dict)


def build_token_world(membership) -> TokenWorld:
    from eendak.api.models import ServiceToken

    service = f.membership(Role.PARTNER_LIAISON, organisation_of_type(T.POLICE, exclude=()),
                           user=f.UserFactory(is_service_account=True))
    token = ServiceToken.objects.create(membership=service, name="Politiesysteem (matrix)",
                                        prefix="matrix00", key_hash="2" * 64)
    return TokenWorld("any", membership, matrix_support.acting(membership),
                      membership.organisation, service, token)


def _tokens():
    from eendak.api.models import ServiceToken

    return ServiceToken.objects


def _token_services():
    from eendak.api import tokens

    return tokens


def _functional_admin(w: Who) -> bool:
    """The functional administrator (capability manage_users)."""
    return has(w.role, Capability.MANAGE_USERS)


RULES.update({
    "the functional administrator issues or revokes": Rule(
        "the functional administrator (manage_users), for any service account", _functional_admin),
    "the functional administrator, a token without a name": Rule(
        "the functional administrator; a token without a name is a rule of the data",
        lambda w: Result.DATA_RULE if _functional_admin(w) else Result.REFUSED),
    "the functional administrator, a token revoked already": Rule(
        "the functional administrator; revoking a revoked token is refused by its state",
        lambda w: Result.STATE if _functional_admin(w) else Result.REFUSED),
})

TOKEN_NAME = "Koppeling (matrix)"

TOKEN_ACTIONS = [
    ServiceAction(
        "issue an API token", "core.manage_service_tokens",
        "the functional administrator issues or revokes",
        lambda w: _token_services().issue_token(w.actor, w.service, name=TOKEN_NAME),
        lambda w: _tokens().filter(membership=w.service, name=TOKEN_NAME).exists(), on="nothing"),
    ServiceAction(
        "issue an API token without a name", "core.manage_service_tokens",
        "the functional administrator, a token without a name",
        lambda w: _token_services().issue_token(w.actor, w.service, name=" "),
        lambda w: False, on="nothing"),
    ServiceAction(
        "revoke an API token", "core.manage_service_tokens",
        "the functional administrator issues or revokes",
        lambda w: _token_services().revoke_token(w.actor, w.token),
        lambda w: _tokens().filter(pk=w.token.pk, revoked_at__isnull=False).exists(), on="nothing"),
    ServiceAction(
        "revoke an API token that is revoked already", "core.manage_service_tokens",
        "the functional administrator, a token revoked already",
        lambda w: _token_services().revoke_token(w.actor, w.token),
        lambda w: False, on="nothing",
        prepare=lambda w: {"revoked": _tokens().filter(pk=w.token.pk).update(
            revoked_at=timezone.now())}),
]


def token_snapshot(world: TokenWorld) -> dict:
    return {"tokens": list(_tokens().values_list("pk", "name", "revoked_at").order_by("pk"))}


@pytest.mark.parametrize("role", list(ROLE_SPECS), ids=[f"tokens-{role}@{home_type(role)}"
                                                         for role in ROLE_SPECS])
def test_service_token_change_matrix(role, region):
    """Issuing and revoking a service account's API token, through api.tokens, by every role."""
    org = organisation_of_type(home_type(role), exclude=())
    membership = f.membership(role, org)
    world = build_token_world(membership)
    baseline = token_snapshot(world)
    failures = []
    for action in TOKEN_ACTIONS:
        failures += run_service(action, Who(role, "any", org.type), world, baseline,
                                snapshot_of=token_snapshot)
    assert not failures, "\n".join(failures)
