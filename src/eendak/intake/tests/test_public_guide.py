"""The meldcode guide: the afwegingskader walked page by page, every path, and nothing stored."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse

from eendak.audit.models import AccessLogEntry
from eendak.intake import public

from .public_support import row_counts

URL = reverse("public:decision")

# domain.md, "The meldcode for professionals": each path through the afwegingskader and where it ends.
DOMAIN_PATHS = [
    ({"vermoeden": "nee"}, "Sluit af en leg vast"),
    ({"vermoeden": "ja", "onveilig": "ja"}, "Meld bij Veilig Thuis"),
    ({"vermoeden": "ja", "onveilig": "nee", "hulp": "nee"}, "Meld bij Veilig Thuis"),
    ({"vermoeden": "ja", "onveilig": "nee", "hulp": "ja", "meewerken": "nee"}, "Meld bij Veilig Thuis"),
    ({"vermoeden": "ja", "onveilig": "nee", "hulp": "ja", "meewerken": "ja"}, "Bied of organiseer hulp"),
    ({"vermoeden": "ja", "onveilig": "nee", "hulp": "ja", "meewerken": "ja", "resultaat": "nee"},
     "Meld bij Veilig Thuis"),
    ({"vermoeden": "ja", "onveilig": "nee", "hulp": "ja", "meewerken": "ja", "resultaat": "ja"},
     "Sluit af, met afspraken over het vervolg"),
]


def _title(html: str) -> str:
    return unescape(re.search(r'<h1 class="utrecht-heading-1">(.*?)</h1>', html, re.S).group(1)).strip()


def walk_in_browser(client, answers: dict, expected_title: str):
    """Answer question after question as a visitor would, by submitting the page's own GET form.

    Returns the responses seen on the way; stops at the expected outcome (following the "the agreed
    time has passed" link when the path goes past the stage "give help").
    """
    responses = []
    response = client.get(URL)
    for _ in range(12):
        responses.append(response)
        assert response.status_code == 200
        html = response.content.decode()
        question = re.search(r'<input type="radio" name="(\w+)" value="ja"', html)
        if question:
            key = question.group(1)
            hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
            response = client.get(URL, {**hidden, key: answers[key]})
            continue
        if _title(html) == expected_title:
            return responses
        follow = re.search(r'href="([^"]*verder=1[^"]*)"', html)
        assert follow, f"stuck at {_title(html)!r} on the way to {expected_title!r}"
        response = client.get(unescape(follow.group(1)))
    pytest.fail("the guide did not reach an outcome")


def test_the_tree_has_exactly_the_paths_of_the_domain():
    titles = {key: str(outcome.title) for key, outcome in public.OUTCOMES.items()}
    walked = [(answers, titles[key]) for answers, key in public.afwegingskader_paths()]
    assert sorted(map(repr, walked)) == sorted(map(repr, DOMAIN_PATHS))


@pytest.mark.django_db
@pytest.mark.parametrize(("answers", "outcome"), DOMAIN_PATHS,
                         ids=[o + ":" + ",".join(f"{k}={v}" for k, v in a.items()) for a, o in DOMAIN_PATHS])
def test_each_path_leads_a_visitor_to_its_outcome(client, answers, outcome):
    responses = walk_in_browser(client, answers, outcome)

    final = responses[-1].content.decode()
    assert _title(final) == outcome
    questions_seen = [_title(r.content.decode()) for r in responses[:-1]
                      if "Wegwijzer: vraag" in _title(r.content.decode())]
    assert questions_seen[0] == "Wegwijzer: vraag 1 van 5"
    assert "Uw antwoorden" in final
    if outcome == "Meld bij Veilig Thuis":
        assert "0800 2000" in final
        assert reverse("public:report") in final
        assert "5.2.6" in final


@pytest.mark.django_db
def test_walking_every_path_stores_nothing_and_sets_no_cookie(client):
    before = row_counts()
    log_before = AccessLogEntry.objects.count()

    for answers, outcome in DOMAIN_PATHS:
        for response in walk_in_browser(client, answers, outcome):
            assert settings.SESSION_COOKIE_NAME not in response.cookies
            assert not response.cookies, f"a cookie was set: {list(response.cookies)}"
    for page in ("public:home", "public:guide"):
        response = client.get(reverse(page))
        assert not response.cookies

    assert row_counts() == before
    assert AccessLogEntry.objects.count() == log_before
    assert settings.SESSION_COOKIE_NAME not in client.cookies


@pytest.mark.django_db
def test_submitting_without_a_choice_asks_again_in_dutch(client):
    response = client.get(URL, {"vermoeden": "ja", "vraag": "onveilig"})

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Kies ‘ja’ of ‘nee’" in html
    assert "Wegwijzer: vraag 2 van 5" in html
    assert 'name="vermoeden" value="ja"' in html  # the earlier answer is kept


@pytest.mark.django_db
def test_an_answer_can_be_changed_from_the_summary(client):
    response = client.get(URL, {"vermoeden": "ja", "onveilig": "ja"})
    html = unescape(response.content.decode())
    change_links = re.findall(r'href="([^"]+)">Wijzig', html)

    back = client.get(change_links[1])  # change the answer to question 2

    assert _title(back.content.decode()) == "Wegwijzer: vraag 2 van 5"


@pytest.mark.django_db
def test_nonsense_in_the_address_starts_at_the_first_question(client):
    response = client.get(URL, {"vermoeden": "misschien", "onveilig": "ja"})

    assert _title(response.content.decode()) == "Wegwijzer: vraag 1 van 5"


@pytest.mark.django_db
def test_the_guide_shows_the_five_steps_meldrecht_and_anonymous_consultation(client):
    response = client.get(reverse("public:guide"))

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert html.count("<li><strong>") == 5
    assert "Breng de signalen in kaart." in html
    assert "meldrecht" in html and "artikel 5.2.6" in html and "zonder toestemming" in html
    assert "anoniem" in html
    assert reverse("public:decision") in html
