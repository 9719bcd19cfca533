"""The Spoedplein's part of a destruction (``retention.registry``): the presentations of the persons
destroyed, with everything recorded in them (injuries, screening, forensic examination, the restricted
photos — also removed from storage), and every mention of them in another patient's presentation."""

from django.db.models import Q

from .models import NamedPerson, Photo, Presentation, VeiligThuisContact


def erase(erasure) -> None:
    presentations = Presentation.objects.filter(patient_id__in=erasure.persons)
    for photo in Photo.objects.filter(presentation__in=presentations).only("pk", "file"):
        erasure.remove_file(photo.file)
    # A contact that sent the household's report to Veilig Thuis protects that report: it goes.
    erasure.deleted(VeiligThuisContact.objects.filter(
        Q(presentation__in=presentations) | Q(report__household_id__in=erasure.households)
        | Q(advice__converted_to__household_id__in=erasure.households)))
    erasure.deleted(NamedPerson.objects.filter(person_id__in=erasure.persons))
    erasure.deleted(presentations)
