"""Flask-Login's "please sign in" message and the API's sign-in error, in Italian and English."""

import pytest

from tests import factories

MESSAGES = {
    "it": ("Accedi per vedere questa pagina.", "Email o password non corrette."),
    "en": ("Please sign in to see this page.", "Wrong email or password."),
}


@pytest.mark.parametrize("language", sorted(MESSAGES))
def test_a_page_for_signed_in_people_asks_to_sign_in_in_the_reader_s_language(client, city, language):
    headers = {"Accept-Language": language}
    response = client.get("/notifications", headers=headers)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    page = client.get(response.headers["Location"], headers=headers).get_data(as_text=True)
    assert MESSAGES[language][0] in page


@pytest.mark.parametrize("language", sorted(MESSAGES))
def test_the_api_sign_in_error_is_translated(client, resident, language):
    response = client.post(
        "/api/v1/auth/token",
        json={"email": resident.email, "password": factories.PASSWORD + "x"},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 401
    assert response.json["error"]["message"] == MESSAGES[language][1]
