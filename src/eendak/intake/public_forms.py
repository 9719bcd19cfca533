"""The public web forms: advice and report, in plain Dutch (B1), mapped onto the CBS categories.

Visitors do not know the Informatieprotocol's categories, so each question offers everyday words and
this module maps them to the stored codes. Both forms carry a honeypot field and the signed one-time
submission key; the view decides what to do with them (``eendak.intake.public``).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from eendak.core.models import Municipality

from . import public, services
from .categories import AdditionalViolenceInfo, ReporterRole, ReporterSector, ViolenceDuration, ViolenceType

PERSON_ROWS = 4
HONEYPOT_FIELD = "website"

VIOLENCE_CHOICES = [
    (ViolenceType.CHILD_ABUSE, _("Een kind wordt geslagen, uitgescholden of verwaarloosd, of ziet geweld "
                                "thuis")),
    (ViolenceType.PARTNER_VIOLENCE, _("Geweld tussen partners of ex-partners")),
    (ViolenceType.VIOLENCE_AGAINST_PARENTS, _("Een kind (ook een volwassen kind) gebruikt geweld tegen "
                                              "een ouder")),
    (ViolenceType.ELDER_ABUSE, _("Een oudere (ouder dan 65) wordt mishandeld, verwaarloosd of "
                                 "financieel uitgebuit")),
    (ViolenceType.OTHER_DOMESTIC, _("Ander geweld in de familie of het huishouden")),
    (ViolenceType.UNKNOWN, _("Ik weet het niet")),
]

ADDITIONAL_CHOICES = [
    (AdditionalViolenceInfo.SEXUAL_VIOLENCE, _("Seksueel geweld")),
    (AdditionalViolenceInfo.HONOUR_RELATED, _("Geweld om de eer van de familie")),
    (AdditionalViolenceInfo.FORCED_MARRIAGE, _("Iemand wordt gedwongen te trouwen")),
    (AdditionalViolenceInfo.ABANDONMENT, _("Iemand wordt achtergelaten in het buitenland")),
    (AdditionalViolenceInfo.FGM, _("Meisjesbesnijdenis (vrouwelijke genitale verminking)")),
    (AdditionalViolenceInfo.HUMAN_TRAFFICKING, _("Mensenhandel of uitbuiting")),
]

DURATION_CHOICES = [
    (ViolenceDuration.UP_TO_WEEK, _("Een week of korter")),
    (ViolenceDuration.WEEK_TO_MONTH, _("Langer dan een week, korter dan een maand")),
    (ViolenceDuration.ONE_TO_SIX_MONTHS, _("1 tot 6 maanden")),
    (ViolenceDuration.SIX_TO_TWELVE_MONTHS, _("6 maanden tot een jaar")),
    (ViolenceDuration.ONE_TO_FIVE_YEARS, _("1 tot 5 jaar")),
    (ViolenceDuration.OVER_FIVE_YEARS, _("Langer dan 5 jaar")),
    (ViolenceDuration.UNKNOWN, _("Ik weet het niet")),
]

PROFESSION_CHOICES = [
    ("", _("Kies uw beroep")),
    (ReporterRole.EDUCATION, _("Onderwijs (bijvoorbeeld leerkracht of mentor)")),
    (ReporterRole.CHILDCARE, _("Kinderopvang (bijvoorbeeld pedagogisch medewerker)")),
    (ReporterRole.MEDICAL, _("Medisch (bijvoorbeeld arts, verpleegkundige of verloskundige)")),
    (ReporterRole.PSYCHOLOGIST, _("Psycholoog, orthopedagoog of therapeut")),
    (ReporterRole.PARAMEDICAL, _("Paramedisch (bijvoorbeeld fysiotherapeut of logopedist)")),
    (ReporterRole.JUSTICE_POLICE, _("Politie")),
    (ReporterRole.JUSTICE_PROSECUTOR, _("Officier van justitie")),
    (ReporterRole.JUSTICE_OTHER, _("Ander beroep bij justitie")),
    (ReporterRole.PROFESSIONAL_OTHER, _("Ander beroep")),
]

SECTOR_CHOICES = [
    ("", _("Kies uw sector")),
    (ReporterSector.HEALTH_CARE, _("Gezondheidszorg (bijvoorbeeld huisarts, ziekenhuis, GGD, "
                                   "consultatiebureau, verloskunde)")),
    (ReporterSector.MENTAL_HEALTH, _("Geestelijke gezondheidszorg (GGZ)")),
    (ReporterSector.CHILDCARE, _("Kinderopvang")),
    (ReporterSector.EDUCATION, _("Onderwijs")),
    (ReporterSector.COMPULSORY_EDUCATION, _("Leerplicht")),
    (ReporterSector.YOUTH_CARE, _("Jeugdhulp of jeugdzorg")),
    (ReporterSector.SOCIAL_WORK, _("Maatschappelijk werk")),
    (ReporterSector.POLICE, _("Politie")),
    (ReporterSector.PROSECUTION, _("Openbaar Ministerie")),
    (ReporterSector.PROBATION, _("Reclassering")),
    (ReporterSector.JUSTICE_OTHER, _("Ander onderdeel van justitie en veiligheid")),
    (ReporterSector.OTHER_VEILIG_THUIS, _("Veilig Thuis in een andere regio")),
    (ReporterSector.OTHER, _("Anders")),
]

PERSON_ROLE_CHOICES = [
    ("", _("Kies wie dit is")),
    ("victim", _("Wordt mishandeld of is slachtoffer")),
    ("suspect", _("Gebruikt (vermoedelijk) geweld")),
    ("child", _("Kind in het gezin")),
    ("witness", _("Heeft iets gezien of gehoord")),
    ("other", _("Anders, of ik weet het niet")),
]

YES_NO = [("ja", _("Ja")), ("nee", _("Nee"))]


def municipality_choices():
    return [("", _("Weet ik niet, of buiten de regio"))] + [
        (str(pk), name) for pk, name in Municipality.objects.order_by("name").values_list("pk", "name")
    ]


class PublicFormBase(forms.Form):
    """The fields both forms share: the honeypot and the one-time key."""

    # Hidden from sight by CSS and skipped by the keyboard; screen readers hear "leave this empty".
    website = forms.CharField(
        label=_("Laat dit veld leeg"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)

    kind = ""

    @property
    def honeypot_filled(self) -> bool:
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def _professional_fields(self, cleaned):
        """Role and sector are asked only of professionals, and then both are needed for CBS."""
        if cleaned.get("is_professional") == "ja":
            if not cleaned.get("role"):
                self.add_error("role", _("Kies uw beroep."))
            if not cleaned.get("sector"):
                self.add_error("sector", _("Kies de sector waarin u werkt."))
        else:
            cleaned["role"] = ReporterRole.NON_PROFESSIONAL
            cleaned["sector"] = ReporterSector.NOT_APPLICABLE


def _violence_types(values) -> list[str]:
    """"I don't know" next to a chosen kind adds nothing; alone it is the CBS category "onbekend"."""
    chosen = [v for v in values if v != ViolenceType.UNKNOWN]
    return chosen or ([ViolenceType.UNKNOWN] if values else [])


class PublicReportForm(PublicFormBase):
    kind = public.KIND_REPORT

    # About the reporter.
    reporter_name = forms.CharField(
        label=_("Uw naam"), max_length=200,
        error_messages={"required": _("Vul uw naam in. Wilt u anoniem blijven? Vraag dan advies.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    reporter_phone = forms.CharField(
        label=_("Uw telefoonnummer"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    reporter_email = forms.EmailField(
        label=_("Uw e-mailadres"), required=False,
        error_messages={"invalid": _("Dit e-mailadres klopt niet. Controleer het, bijvoorbeeld: "
                                     "naam@voorbeeld.nl.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    relation = forms.CharField(
        label=_("Wat is uw relatie tot de mensen om wie het gaat?"), max_length=200, required=False,
        help_text=_("Bijvoorbeeld: buurvrouw, oom, leerkracht, huisarts."),
    )
    is_professional = forms.ChoiceField(
        label=_("Meldt u dit vanuit uw werk?"), choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": _("Kies ‘ja’ of ‘nee’.")},
    )
    role = forms.ChoiceField(label=_("Wat is uw beroep?"), choices=PROFESSION_CHOICES, required=False,
                             help_text=_("Alleen invullen als u dit vanuit uw werk meldt."))
    sector = forms.ChoiceField(label=_("In welke sector werkt u?"), choices=SECTOR_CHOICES,
                               required=False,
                               help_text=_("Alleen invullen als u dit vanuit uw werk meldt."))
    organisation_name = forms.CharField(label=_("Naam van uw organisatie"), max_length=200,
                                        required=False)
    stays_unknown_to_family = forms.BooleanField(
        label=_("De melder wil onbekend blijven voor het gezin"), required=False,
        help_text=_("Kruis dit aan als het gezin niet mag weten dat u dit heeft gemeld. Veilig Thuis "
                    "houdt daar rekening mee."),
    )

    # What is going on.
    account = forms.CharField(
        label=_("Wat heeft u gezien of gehoord?"), max_length=10000,
        help_text=_("Schrijf op wat u zelf zag of hoorde, en wanneer. Ook kleine dingen zijn belangrijk."),
        error_messages={"required": _("Schrijf op wat u heeft gezien of gehoord.")},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    violence_types = forms.MultipleChoiceField(
        label=_("Wat voor geweld is het?"), choices=VIOLENCE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("U kunt meer dan één antwoord kiezen."),
        error_messages={"required": _("Kies wat voor geweld het is. Weet u het niet? Kies dan ‘Ik weet "
                                      "het niet’.")},
    )
    additional_info = forms.MultipleChoiceField(
        label=_("Gaat het ook om een van deze dingen?"), choices=ADDITIONAL_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Niet verplicht."),
    )
    duration = forms.ChoiceField(
        label=_("Hoe lang gebeurt dit al?"), choices=DURATION_CHOICES, widget=forms.RadioSelect,
        required=False, initial=ViolenceDuration.UNKNOWN,
    )

    # Who it is about.
    municipality = forms.ChoiceField(
        label=_("In welke gemeente woont het gezin?"), required=False,
        help_text=_("Veilig Thuis Midden-Brabant werkt voor deze 9 gemeenten."),
    )
    address = forms.CharField(
        label=_("Adres van het gezin"), max_length=300, required=False,
        help_text=_("Als u het weet: straat, huisnummer en plaats."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices()
        for i in range(1, PERSON_ROWS + 1):
            self.fields[f"person_{i}_given"] = forms.CharField(label=_("Voornaam"), max_length=200,
                                                               required=False)
            self.fields[f"person_{i}_surname"] = forms.CharField(
                label=_("Achternaam"), max_length=200, required=False)
            self.fields[f"person_{i}_age"] = forms.CharField(
                label=_("Leeftijd (ongeveer)"), max_length=30, required=False,
                help_text=_("Bijvoorbeeld: 8, of ongeveer 40."))
            self.fields[f"person_{i}_role"] = forms.ChoiceField(
                label=_("Wie is dit?"), choices=PERSON_ROLE_CHOICES, required=False)

    def person_rows(self):
        """The bound fields of each person row, for the template's fieldsets."""
        return [
            {"number": i, "fields": [self[f"person_{i}_{part}"]
                                     for part in ("given", "surname", "age", "role")]}
            for i in range(1, PERSON_ROWS + 1)
        ]

    def clean_municipality(self):
        value = self.cleaned_data.get("municipality")
        return int(value) if value else None

    def clean_violence_types(self):
        return _violence_types(self.cleaned_data.get("violence_types") or [])

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("reporter_phone") or "").strip() and not cleaned.get("reporter_email") \
                and "reporter_email" not in self.errors:
            self.add_error("reporter_phone", _("Vul een telefoonnummer of e-mailadres in, zodat Veilig "
                                               "Thuis u kan bereiken."))
        self._professional_fields(cleaned)
        return cleaned

    def to_data(self) -> public.PublicReport:
        c = self.cleaned_data
        return public.PublicReport(
            account=c["account"],
            violence_types=c["violence_types"],
            additional_info=list(c.get("additional_info") or []),
            duration=c.get("duration") or ViolenceDuration.UNKNOWN,
            reporter=services.ReporterData(
                name=c["reporter_name"].strip(),
                is_professional=c["is_professional"] == "ja",
                role=c["role"], sector=c["sector"],
                organisation_name=(c.get("organisation_name") or "").strip()
                if c["is_professional"] == "ja" else "",
                phone=(c.get("reporter_phone") or "").strip(),
                email=(c.get("reporter_email") or "").strip(),
                relation=(c.get("relation") or "").strip(),
                stays_unknown_to_family=bool(c.get("stays_unknown_to_family")),
            ),
            persons=[
                public.PublicPerson(
                    given_names=c.get(f"person_{i}_given") or "", surname=c.get(f"person_{i}_surname") or "",
                    age=c.get(f"person_{i}_age") or "", role=c.get(f"person_{i}_role") or "",
                )
                for i in range(1, PERSON_ROWS + 1)
            ],
            address=c.get("address") or "",
            municipality_id=c.get("municipality"),
        )


ASKER_CHOICES = [
    ("resident", _("Ik maak me zorgen over iemand in mijn omgeving, of over mezelf")),
    ("professional", _("Ik vraag advies vanuit mijn werk")),
    ("volunteer", _("Ik vraag advies als vrijwilliger")),
]


class PublicAdviceForm(PublicFormBase):
    kind = public.KIND_ADVICE

    asker_type = forms.ChoiceField(
        label=_("Wie bent u?"), choices=ASKER_CHOICES, widget=forms.RadioSelect,
        error_messages={"required": _("Kies wie u bent.")},
    )
    role = forms.ChoiceField(label=_("Wat is uw beroep?"), choices=PROFESSION_CHOICES, required=False,
                             help_text=_("Alleen invullen als u advies vraagt vanuit uw werk."))
    sector = forms.ChoiceField(label=_("In welke sector werkt u?"), choices=SECTOR_CHOICES,
                               required=False,
                               help_text=_("Alleen invullen als u advies vraagt vanuit uw werk."))
    question = forms.CharField(
        label=_("Wat is uw vraag?"), max_length=10000,
        help_text=_("Vertel wat u zorgen baart en wat u wilt weten. U hoeft geen namen te noemen."),
        error_messages={"required": _("Schrijf uw vraag op.")},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    violence_types = forms.MultipleChoiceField(
        label=_("Wat voor geweld is het, denkt u?"), choices=VIOLENCE_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Niet verplicht. U kunt meer dan één antwoord "
                                                         "kiezen."),
    )
    municipality = forms.ChoiceField(label=_("In welke gemeente speelt het?"), required=False)
    consent_to_contact = forms.BooleanField(
        label=_("Ja, Veilig Thuis mag mijn naam en contactgegevens bewaren om mij te bereiken."),
        required=False,
        help_text=_("Zonder toestemming blijft u anoniem en bewaren we geen contactgegevens."),
    )
    asker_name = forms.CharField(label=_("Uw naam"), max_length=200, required=False,
                                 widget=forms.TextInput(attrs={"autocomplete": "name"}))
    asker_phone = forms.CharField(label=_("Uw telefoonnummer"), max_length=30, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    asker_email = forms.EmailField(
        label=_("Uw e-mailadres"), required=False,
        error_messages={"invalid": _("Dit e-mailadres klopt niet. Controleer het, bijvoorbeeld: "
                                     "naam@voorbeeld.nl.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices()

    def clean_municipality(self):
        value = self.cleaned_data.get("municipality")
        return int(value) if value else None

    def clean_violence_types(self):
        return _violence_types(self.cleaned_data.get("violence_types") or [])

    def clean(self):
        cleaned = super().clean()
        cleaned["is_professional"] = "ja" if cleaned.get("asker_type") == "professional" else "nee"
        self._professional_fields(cleaned)
        contact = [(cleaned.get(name) or "").strip() for name in ("asker_name", "asker_phone")]
        contact.append(cleaned.get("asker_email") or "")
        if cleaned.get("consent_to_contact"):
            if not contact[1] and not contact[2] and "asker_email" not in self.errors:
                self.add_error("asker_phone", _("Vul een telefoonnummer of e-mailadres in, zodat Veilig "
                                                "Thuis u kan bereiken."))
        elif any(contact):
            self.add_error("consent_to_contact", _(
                "U heeft contactgegevens ingevuld. Geef toestemming om ze te bewaren, of maak de velden "
                "leeg als u anoniem wilt blijven."))
        return cleaned

    def to_data(self) -> services.AdviceData:
        c = self.cleaned_data
        consent = bool(c.get("consent_to_contact"))
        return services.AdviceData(
            channel="web",
            asker_type=c["asker_type"],
            question=c["question"],
            anonymous=not consent,
            consent_to_contact=consent,
            asker_name=(c.get("asker_name") or "").strip() if consent else "",
            asker_phone=(c.get("asker_phone") or "").strip() if consent else "",
            asker_email=(c.get("asker_email") or "").strip() if consent else "",
            asker_role=c["role"],
            asker_sector=c["sector"],
            municipality_id=c.get("municipality"),
            violence_types=c.get("violence_types") or [],
        )
