"""The Expertisecentrum's screens under /expertisecentrum/ (namespace ``expertise``)."""

from django.urls import path

from . import views

app_name = "expertise"

urlpatterns = [
    path("", views.work, name="work"),
    # Trainings: the catalogue, sessions, enrolments, attendance, certificates, evaluations.
    path("trainingen/", views.courses, name="courses"),
    path("trainingen/<int:course_id>/", views.course_edit, name="course_edit"),
    path("bijeenkomsten/", views.sessions, name="sessions"),
    path("bijeenkomsten/<int:session_id>/", views.session_detail, name="session_detail"),
    path("bijeenkomsten/<int:session_id>/status/", views.session_move, name="session_move"),
    path("bijeenkomsten/<int:session_id>/inschrijven/", views.session_enrol,
         name="session_enrol"),
    path("bijeenkomsten/<int:session_id>/aanwezigheid/", views.session_attendance,
         name="session_attendance"),
    path("bijeenkomsten/<int:session_id>/zelf-inschrijven/", views.enrol_self, name="enrol_self"),
    path("inschrijvingen/<int:enrolment_id>/afmelden/", views.enrolment_cancel,
         name="enrolment_cancel"),
    path("inschrijvingen/<int:enrolment_id>/evaluatie/", views.enrolment_evaluate,
         name="enrolment_evaluate"),
    path("inschrijvingen/<int:enrolment_id>/certificaat.pdf", views.certificate,
         name="certificate"),
    path("evaluaties/", views.evaluations, name="evaluations"),
    # For everyone working in Eendak: the open trainings, one's own competency record.
    path("aanbod/", views.trainings, name="trainings"),
    path("mijn-competenties/", views.my_competencies, name="my_competencies"),
    path("competenties/team/", views.team_competencies, name="team_competencies"),
    path("competenties/aandeel/", views.competency_shares, name="competency_shares"),
    path("competenties/beheer/", views.competency_admin, name="competency_admin"),
    path("competenties/beheer/standaard/", views.standard_create, name="standard_create"),
    path("competenties/beheer/standaard/<int:standard_id>/", views.standard_edit,
         name="standard_edit"),
    path("competenties/beheer/competentie/", views.competency_create, name="competency_create"),
    path("competenties/beheer/competentie/<int:competency_id>/", views.competency_edit,
         name="competency_edit"),
    # Advice questions.
    path("vragen/", views.questions, name="questions"),
    path("vragen/nieuw/", views.question_register, name="question_register"),
    path("vragen/<int:question_id>/", views.question_detail, name="question_detail"),
    path("vragen/<int:question_id>/antwoord/", views.question_answer, name="question_answer"),
    path("vragen/<int:question_id>/doorverwijzen/", views.question_refer, name="question_refer"),
    # Experience experts: the pool and the requests.
    path("ervaringsdeskundigen/", views.experts, name="experts"),
    path("ervaringsdeskundigen/nieuw/", views.expert_create, name="expert_create"),
    path("ervaringsdeskundigen/<int:expert_id>/", views.expert_edit, name="expert_edit"),
    path("aanvragen/", views.expert_requests, name="expert_requests"),
    path("aanvragen/nieuw/", views.expert_request_new, name="expert_request_new"),
    path("aanvragen/<int:request_id>/", views.expert_request_detail,
         name="expert_request_detail"),
    path("aanvragen/<int:request_id>/koppelen/", views.expert_request_match,
         name="expert_request_match"),
    path("aanvragen/<int:request_id>/inplannen/", views.expert_request_schedule,
         name="expert_request_schedule"),
    path("aanvragen/<int:request_id>/nabespreking/", views.expert_request_debrief,
         name="expert_request_debrief"),
    path("aanvragen/<int:request_id>/vervallen/", views.expert_request_cancel,
         name="expert_request_cancel"),
    # Awareness: campaigns, the events calendar, registrations and reach.
    path("bewustwording/", views.awareness, name="awareness"),
    path("bewustwording/campagnes/", views.campaign_create, name="campaign_create"),
    path("bewustwording/campagnes/<int:campaign_id>/", views.campaign_edit, name="campaign_edit"),
    path("bewustwording/bijeenkomsten/", views.event_plan, name="event_plan"),
    path("bewustwording/bijeenkomsten/<int:event_id>/", views.event_detail, name="event_detail"),
    path("bewustwording/bijeenkomsten/<int:event_id>/afloop/", views.event_close,
         name="event_close"),
    # Dialogue leaders and meetings.
    path("dialoog/", views.dialogue, name="dialogue"),
    path("dialoog/jaaroverzicht/", views.dialogue_year, name="dialogue_year"),
    path("dialoog/leiders/", views.leader_create, name="leader_create"),
    path("dialoog/leiders/<int:leader_id>/", views.leader_edit, name="leader_edit"),
    path("dialoog/bijeenkomsten/", views.meeting_record, name="meeting_record"),
    path("dialoog/bijeenkomsten/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("dialoog/bijeenkomsten/<int:meeting_id>/signaal/", views.meeting_signal,
         name="meeting_signal"),
]
