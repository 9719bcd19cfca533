"""The Veiligheidsteam's screens under /veiligheidsteam/ (namespace ``conferences``)."""

from django.urls import path

from . import views

app_name = "conferences"

urlpatterns = [
    path("", views.work, name="work"),
    path("triage/", views.triage, name="triage"),
    # Referrals and the feedback the team's work owes an organisation.
    path("aanmeldingen/", views.referral_list, name="referral_list"),
    path("aanmeldingen/<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("aanmeldingen/<int:referral_id>/besluit-veilig-thuis/", views.vt_decision,
         name="vt_decision"),
    path("aanmeldingen/<int:referral_id>/triagebesluit/", views.triage_decision,
         name="triage_decision"),
    path("aanmeldingen/<int:referral_id>/teruggeven/", views.hand_back, name="hand_back"),
    path("terugkoppeling/<int:notice_id>/gezien/", views.notice_seen, name="notice_seen"),
    # From a case: refer (or ask Veilig Thuis to), and the measures of justice and care.
    path("casus/<int:case_id>/aanmelden/", views.refer, name="refer"),
    path("casus/<int:case_id>/maatregelen/", views.measures, name="measures"),
    path("maatregelen/<int:measure_id>/verlengen/", views.measure_extend, name="measure_extend"),
    path("maatregelen/<int:measure_id>/beeindigen/", views.measure_end, name="measure_end"),
    # Case conferences, their agenda, one household on it, and its minutes.
    path("casusoverleggen/", views.conference_list, name="conference_list"),
    path("casusoverleggen/nieuw/", views.conference_plan, name="conference_plan"),
    path("casusoverleggen/<int:conference_id>/", views.conference_detail,
         name="conference_detail"),
    path("casusoverleggen/<int:conference_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("casusoverleggen/<int:conference_id>/gehouden/", views.conference_hold,
         name="conference_hold"),
    path("casusoverleggen/<int:conference_id>/geannuleerd/", views.conference_cancel,
         name="conference_cancel"),
    path("agendapunten/<int:item_id>/", views.item_detail, name="item_detail"),
    path("agendapunten/<int:item_id>/verslag.pdf", views.minutes_pdf, name="minutes_pdf"),
    # One POST URL per form of the item page, each calling one service (see views.ITEM_STEPS).
    *[path(f"agendapunten/<int:item_id>/{step.route}", views.ITEM_STEP_VIEWS[step.key],
           name=f"item_{step.key}") for step in views.ITEM_STEPS],
    path("inbreng/", views.own_contributions, name="own_contributions"),
]
