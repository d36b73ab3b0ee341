from __future__ import annotations


def test_browser_set_to_english_still_gets_vietnamese(client_for, users):
    client = client_for(users.officer)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "vi"
    assert "Tổng quan" in page.content.decode()


def test_language_switch_is_remembered(client_for, users):
    client = client_for(users.officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get("/")["Content-Language"] == "en"
