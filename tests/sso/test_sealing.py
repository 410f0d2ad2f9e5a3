"""The IdP client secret at rest: sealed, opened after a key rotation through SECRET_KEY_FALLBACKS, else empty."""

from tenants.sso.sealing import seal, unseal


def test_sealed_secret_hides_the_text_and_survives_a_key_rotation_only_with_the_fallback(settings):
    settings.SECRET_KEY = "old-key-" + "x" * 40
    sealed = seal("entra-secret")
    assert "entra-secret" not in sealed and unseal(sealed) == "entra-secret"

    settings.SECRET_KEY = "new-key-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = ["old-key-" + "x" * 40]
    assert unseal(sealed) == "entra-secret"

    settings.SECRET_KEY_FALLBACKS = []
    assert unseal(sealed) == ""  # the förvaltning enters it again; nothing crashes
