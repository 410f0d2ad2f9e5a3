"""Every message about connections, agreements and deliveries a user may see. Tests import these constants."""

from django.utils.translation import gettext_lazy as _

MSG_NOT_ALLOWED = _("Din roll får inte göra det här.")
MSG_TRANSITION_NOT_ALLOWED = _("Din roll får inte flytta anslutningen från %(from)s till %(to)s.")
MSG_TRANSITION_UNKNOWN = _("Anslutningen kan inte gå från %(from)s till %(to)s.")
MSG_REASON_REQUIRED = _("Skriv ett skäl till att anslutningen pausas eller avbryts.")
MSG_RESUME_PREVIOUS = _("En pausad anslutning återupptas i den fas den pausades i (%(phase)s).")
MSG_AGREEMENT_NOT_APPROVED = _(
    "Leveransöverenskommelsen måste vara godkänd av både kommunen och e-arkivet innan testleveransen börjar."
)
MSG_CONNECTION_EXISTS = _("Systemet har redan en anslutning.")
MSG_QUARTER_FORMAT = _("Ange kvartalet som år och kvartal, till exempel 2026 K3.")
MSG_AGREEMENT_PERIOD = _("Periodens slutår kan inte vara före startåret.")
MSG_AGREEMENT_ALREADY_APPROVED = _("Den här versionen är redan godkänd av %(party)s.")
MSG_AGREEMENT_OLD_VERSION = _("Bara den senaste versionen av överenskommelsen kan godkännas.")
MSG_DELIVERY_WRONG_PHASE = _("En %(kind)s kan inte tas emot när anslutningen är i fasen %(phase)s.")
MSG_DELIVERY_EMPTY = _("Filen är tom.")
MSG_DELIVERY_TOO_BIG = _("Filen är för stor. Största tillåtna storlek är %(limit)s GB.")
MSG_DELIVERY_TYPE = _("Paketet ska vara en ZIP- eller TAR-fil (.zip, .tar, .tar.gz, .tgz).")
MSG_DELIVERY_NOT_ACCEPTABLE = _("Bara en produktionsleverans som har klarat valideringen utan fel kan godkännas.")
# Stored (in Swedish, the msgid) as the delivery's handover_error and translated when shown.
MSG_HANDOVER_WRITE_FAILED = _("paketet kunde inte skrivas till e-arkivets inleveransyta")
MSG_HANDOVER_NOT_READY = _("Leveransen kan inte lämnas över i sitt nuvarande läge (%(state)s).")
MSG_ALREADY_CONFIRMED = _("Leveransen är redan bekräftad som arkiverad.")
MSG_ARCHIVE_ID_REQUIRED = _("Arkivets identifierare saknas.")
MSG_CONNECTION_CREATED = _("Anslutningen av %(system)s är skapad.")
MSG_PHASE_NOW = _("Anslutningen är nu i fasen %(phase)s.")
MSG_QUARTER_SAVED = _("Det planerade kvartalet är sparat.")
MSG_AGREEMENT_SAVED = _("Version %(v)s av överenskommelsen är sparad.")
MSG_AGREEMENT_APPROVED = _("Version %(v)s av överenskommelsen är godkänd.")
MSG_DELIVERY_RECEIVED = _("Paketet är mottaget och valideras nu.")
MSG_DELIVERY_ACCEPTED = _("Leveransen är godkänd och lämnas över till e-arkivet.")
MSG_HANDOVER_RETRIED = _("Överlämningen försöks igen.")
MSG_TOKEN_REVOKED = _("Nyckeln %(prefix)s… för %(backend)s är återkallad.")
MSG_VALIDATION_NOT_STARTED = _(
    "Valideringen kunde inte startas. Förvaltningen har fått felet; lämna gärna paketet igen."
)
