"""Every message about building packages that a person may see. Tests import these constants."""

from django.utils.translation import gettext_lazy as _

# Why an export is refused (each names the file, so the person can fix the export).
MSG_EXPORT_EMPTY = _("Exporten innehåller inga filer.")
MSG_EXPORT_UNREADABLE = _("Exporten kunde inte läsas: den är inte en hel ZIP- eller TAR-fil eller mapp.")
MSG_EXPORT_TYPE = _("Exporten ska vara en ZIP- eller TAR-fil (.zip, .tar, .tar.gz, .tgz) eller enstaka filer.")
MSG_PATH_ESCAPES = _("%(name)s: sökvägen pekar ut ur exporten (absolut sökväg eller ”..”).")
MSG_LINK = _("%(name)s: länkar (symboliska länkar och hårda länkar) kan inte arkiveras; lägg in filen själv.")
MSG_SPECIAL = _("%(name)s: är ingen vanlig fil eller mapp (till exempel en enhetsfil) och kan inte arkiveras.")
MSG_ENCRYPTED = _("%(name)s: filen är krypterad i ZIP-filen och kan inte läsas.")
MSG_NAME_ENCODING = _("%(name)s: namnet är inte giltig text (UTF-8) och kan inte sparas i ett paket.")
MSG_NAME_CHARACTERS = _(
    '%(name)s: namnet innehåller tecken som inte kan sparas i ett paket (styrtecken eller \\ : * ? " < > |).'
)
MSG_NAME_ENDING = _("%(name)s: ett namn får inte sluta med mellanslag eller punkt.")
MSG_NAME_RESERVED = _("%(name)s: namnet är reserverat i Windows (till exempel CON, NUL, COM1) och kan inte sparas.")
MSG_NAME_TOO_LONG = _("%(name)s: sökvägen är för lång för ett paket (högst %(limit)s tecken).")
MSG_NAME_CLASH = _("%(name)s: finns redan som %(other)s; namn som bara skiljer sig i stora och små bokstäver krockar.")
MSG_TOO_BIG = _("Exporten är %(size)s GB; leveransöverenskommelsen tillåter högst %(limit)s GB.")
MSG_TOO_MANY = _("Exporten har fler än %(limit)s filer.")
MSG_CHANGED = _("%(name)s: filen ändrades medan paketet byggdes. Försök igen.")
MSG_MORE_REASONS = _("… och %(count)s fel till av samma slag.")

# Why a connection cannot get a package now.
MSG_NO_AGREEMENT = _("Anslutningen har ingen leveransöverenskommelse ännu.")
MSG_AGREEMENT_NOT_APPROVED = _(
    "Leveransöverenskommelsen måste vara godkänd av både kommunen och e-arkivet innan ett paket kan byggas."
)
MSG_AGREEMENT_PROFILE = _("Överenskommelsen anger %(profile)s; plattformen bygger paket enligt FGS Paketstruktur 2.0.")
MSG_INFORMATION_TYPES = _("Välj minst en av överenskommelsens informationstyper.")
MSG_INFORMATION_TYPE_UNKNOWN = _("%(name)s är inte en av överenskommelsens informationstyper.")
MSG_NOT_ALLOWED = _("Din roll får inte bygga paket.")
MSG_NO_FILES = _("Välj exporten: en ZIP- eller TAR-fil, eller filerna en och en.")
MSG_OBJID = _("Paketets identifierare får bara innehålla bokstäverna a–z, siffror, punkt, bindestreck och understreck.")
MSG_PERIOD = _("Periodens slutår kan inte vara före startåret.")
MSG_NOT_TEST_PHASE = _("Paketet kan bli testleverans först när anslutningen är i fasen Testleverans (nu: %(phase)s).")
MSG_NOT_BUILT = _("Paketet är inte färdigbyggt.")
MSG_ALREADY_DELIVERED = _("Paketet är redan lämnat som testleverans.")
MSG_FAILED = _("Paketet kunde inte byggas.")

# Progress labels (shown while the worker builds).
LABEL_QUEUED = _("väntar på att starta")
LABEL_READING = _("Läser exporten")
LABEL_COPYING = _("Kopierar och beräknar kontrollsummor")
LABEL_METADATA = _("Skriver METS och PREMIS")
LABEL_DONE = _("Klart")
