def test_kommun_start_page_shows_its_people(client_for, kontakt_lund, lund):
    response = client_for(kontakt_lund, lund).get("/")
    assert response.status_code == 200
    assert "Karin Kontakt" in response.content.decode()
