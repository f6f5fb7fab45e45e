"""Random text in every public form and query parameter: a bad input is a 4xx or a form error,
never a server error (hypothesis, a few examples per parameter so the file stays under a minute)."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.faq.factories import faq_page_create

FUZZ = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None
)
# Any text, including the characters that mean something to SQL, FTS5, HTML, URLs and forms.
text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(['";exit', "'", '"', "NEAR(", "a AND", "*", "^", "col:x", "\x00", "9" * 40, "-1", "", " ", "%00"]),
)


SIGNUP_FIELDS = ["tenant_number", "last_name", "first_name", "birth_date", "email", "password1", "password2"]


@pytest.fixture
def faq(db):
    return faq_page_create()


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def _assert_no_server_error(response):
    assert response.status_code < 500, response.content[:300]


@pytest.mark.django_db
@FUZZ
@given(query=text)
def test_faq_search_never_fails(faq, visitor, query):
    response = visitor.get(faq.url, {"q": query})
    assert response.status_code == 200


@pytest.mark.django_db
@FUZZ
@given(page=text, question=text, helpful=text)
def test_helpfulness_vote_never_fails(faq, visitor, page, question, helpful):
    _assert_no_server_error(
        visitor.post(reverse("faq:helpfulness_vote"), {"page": page, "question": question, "helpful": helpful})
    )


@pytest.mark.django_db
@FUZZ
@given(username=text, password=text)
def test_login_never_fails(visitor, username, password):
    _assert_no_server_error(visitor.post(reverse("accounts:login"), {"username": username, "password": password}))


@pytest.mark.django_db
@FUZZ
@given(
    fields=st.fixed_dictionaries(
        dict.fromkeys(
            ["tenant_number", "last_name", "first_name", "birth_date", "email", "password1", "password2"], text
        )
    )
)
def test_signup_never_fails(visitor, fields):
    _assert_no_server_error(visitor.post(reverse("accounts:signup"), fields))


@pytest.mark.django_db
@FUZZ
@given(email=text)
def test_password_reset_and_resend_link_never_fail(visitor, email):
    _assert_no_server_error(visitor.post(reverse("accounts:password_reset"), {"email": email}))
    _assert_no_server_error(visitor.post(reverse("accounts:signup_resend"), {"email": email}))
