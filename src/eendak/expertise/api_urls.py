"""The Expertisecentrum's endpoints under /api/v1/ (namespace ``expertise_api``). Every view carries
its ``eendak_access`` mark: the lists that name people (enrolments, registrations, questions,
experts, dialogue leaders and meetings, a team's records) are ``PERSONAL`` and log each read; the
reference data and the figures are ``STAFF``."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import views

app_name = "expertise_api"

router = SimpleRouter(use_regex_path=False)
router.register("competency-standards", views.StandardViewSet, basename="competency-standard")
router.register("competencies", views.CompetencyViewSet, basename="competency")
router.register("courses", views.CourseViewSet, basename="course")
router.register("training-sessions", views.SessionViewSet, basename="training-session")
router.register("enrolments", views.EnrolmentViewSet, basename="enrolment")
router.register("team-competencies", views.TeamCompetenciesViewSet, basename="team-competencies")
router.register("competency-shares", views.CompetencySharesViewSet, basename="competency-share")
router.register("expertise-questions", views.QuestionViewSet, basename="expertise-question")
router.register("experience-experts", views.ExpertViewSet, basename="experience-expert")
router.register("expert-requests", views.ExpertRequestViewSet, basename="expert-request")
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("awareness-events", views.AwarenessEventViewSet, basename="awareness-event")
router.register("dialogue-leaders", views.DialogueLeaderViewSet, basename="dialogue-leader")
router.register("dialogue-meetings", views.DialogueMeetingViewSet, basename="dialogue-meeting")

urlpatterns = [
    path("my-competencies/", views.MyCompetenciesView.as_view(), name="my-competencies"),
    path("dialogue-overview/", views.DialogueOverviewView.as_view(), name="dialogue-overview"),
    path("training-sessions/<int:pk>/enrolments/",
         views.SessionEnrolmentViewSet.as_view({"get": "list"}), name="training-session-enrolments"),
    path("awareness-events/<int:pk>/registrations/",
         views.EventRegistrationViewSet.as_view({"get": "list"}),
         name="awareness-event-registrations"),
    path("", include(router.urls)),
]
