"""English translations of the Swedish UI strings (msgids are Swedish; `sv` is the default).

Run after `makemessages -l en`: python locale/translate_en.py — fills in msgstr for known strings.
Untranslated strings fall back to Swedish, so a missing entry never breaks a page.
"""

from pathlib import Path

import polib

EN = {
    "Svenska": "Swedish", "Engelska": "English", "Logga in": "Log in",
    "Logga in med din e-postadress. Konton skapas genom inbjudan från förvaltningen eller din kommuns arkivarie.":
        "Log in with your e-mail address. Accounts are created by invitation from the management unit or your municipality's archivist.",
    "Glömt lösenordet?": "Forgot your password?", "Hoppa till innehållet": "Skip to content", "Du är i:": "You are in:",
    "Samverkan (förvaltning och ledning)": "Consortium (management and steering)", "Konto och platser": "Account and sites",
    "Byt plats": "Switch site", "Samverkan": "Consortium", "Konto": "Account", "Tvåstegsverifiering": "Two-factor authentication",
    "Logga ut": "Log out", "Fel:": "Error:", "Klart:": "Done:", "Tillgänglighetsredogörelse": "Accessibility statement",
    "Språk": "Language", "Byt språk": "Change language", "Namn": "Name", "E-postadress": "E-mail address", "Roll": "Role",
    "Inga personer har en roll här ännu.": "Nobody has a role here yet.",
    "Hur tillgänglig är webbplatsen?": "How accessible is this website?", "Kända brister": "Known issues",
    "Vad kan du göra om du inte kan använda delar av webbplatsen?": "What can you do if you cannot use parts of the website?",
    "Tillsyn": "Supervision", "Hur vi testat webbplatsen": "How we tested the website", "Välj kommun": "Choose municipality",
    "Välj var du vill arbeta": "Choose where to work",
    "Du har ingen roll i någon kommun ännu. Be förvaltningen eller kommunens arkivarie om en inbjudan.":
        "You have no role in any municipality yet. Ask the management unit or your municipality's archivist for an invitation.",
    "SkånEarkiv – samverkan": "SkånEarkiv – consortium", "Kommuner": "Municipalities", "Kommun": "Municipality",
    "Kommunkod": "Municipality code", "Status": "Status", "Folkmängd": "Population", "År": "Year", "värdkommun": "host municipality",
    "Totalt": "Total", "Förvaltning och ledning": "Management and steering", "Personer med roll i samverkan": "People with a consortium role",
    "Om du inte väntade dig den här inbjudan kan du bortse från meddelandet.": "If you did not expect this invitation, you can ignore this message.",
    "Inbjudan till SkånEarkiv – %(site)s": "Invitation to SkånEarkiv – %(site)s", "Inbjudan": "Invitation",
    "Inbjudan till SkånEarkiv": "Invitation to SkånEarkiv",
    "Du är inbjuden till %(site)s med rollen %(role)s (%(email)s).": "You are invited to %(site)s with the role %(role)s (%(email)s).",
    "Du är inloggad som %(email)s.": "You are logged in as %(email)s.",
    "Välj ditt namn och ett lösenord för ditt nya konto.": "Enter your name and choose a password for your new account.",
    "Tacka ja": "Accept", "Bjud in": "Invite", "Bjud in en person": "Invite a person", "Start": "Start",
    "Kommunkod %(code)s · Status i samverkan: %(status)s": "Municipality code %(code)s · Consortium status: %(status)s",
    "Personer": "People", "Personer med roll i kommunen": "People with a role in the municipality", "Inbjudningar": "Invitations",
    "Skicka inbjudan": "Send invitation", "Öppna inbjudningar": "Open invitations", "Inbjuden av": "Invited by",
    "Gäller till": "Valid until", "Åtgärd": "Action", "Återkalla": "Revoke", "Inga öppna inbjudningar.": "No open invitations.",
    "%(role)s, läser alla kommuner": "%(role)s, reads all municipalities", "Ditt namn": "Your name", "Lösenord": "Password",
    "Lösenord igen": "Password again", "Lösenorden är inte lika.": "The passwords do not match.",
    "Kommunkoden ska vara fyra siffror, till exempel 1281.": "The municipality code must be four digits, e.g. 1281.",
    "Kommunkoden ska börja med ett länsnummer mellan 01 och 25.": "The municipality code must start with a county number from 01 to 25.",
    "Kommunkoden %(code)s finns inte bland Sveriges kommuner (SCB).": "The municipality code %(code)s is not one of Sweden's municipalities (SCB).",
    "Underdomänen får bara innehålla små bokstäver a–z, siffror och bindestreck och måste börja med en bokstav.":
        "The subdomain may only contain lower-case letters a–z, digits and hyphens, and must start with a letter.",
    "Underdomänen %(subdomain)s är reserverad.": "The subdomain %(subdomain)s is reserved.",
    "Prospekt": "Prospect", "Medlem": "Member", "Utträdande": "Leaving", "Utträdd": "Left", "Kontaktperson": "Contact person",
    "Arkivarie": "Archivist", "Förvaltning": "Management unit", "Ledning (samverkansråd)": "Steering (consortium board)",
    "Rollen %(role)s kan bara ges i en kommun.": "The role %(role)s can only be given in a municipality.",
    "Rollen %(role)s kan bara ges i samverkan (förvaltning eller ledning).": "The role %(role)s can only be given in the consortium.",
    "Öppen": "Open", "Accepterad": "Accepted", "Återkallad": "Revoked", "Utgången": "Expired",
    "Det finns redan en kommun med kommunkod %(code)s.": "A municipality with code %(code)s already exists.",
    "Underdomänen %(subdomain)s används redan.": "The subdomain %(subdomain)s is already in use.",
    "Folkmängden ska anges som år:antal, till exempel 2019:124935.": "Give the population as year:count, e.g. 2019:124935.",
    "Inbjudan finns inte, har redan använts, har återkallats eller har gått ut.":
        "The invitation does not exist, has already been used, has been revoked or has expired.",
    "Inbjudan gäller en annan e-postadress än den du är inloggad med.":
        "The invitation is for another e-mail address than the one you are logged in with.",
    "Det finns redan ett konto för %(email)s. Logga in först och öppna länken igen.":
        "There is already an account for %(email)s. Log in first and open the link again.",
    "Du får inte bjuda in till den här rollen här.": "You may not invite to this role here.",
    "%(email)s har redan en roll här.": "%(email)s already has a role here.",
    "Inbjudan har skickats till %(email)s.": "The invitation has been sent to %(email)s.",
    "Inbjudan till %(email)s har återkallats.": "The invitation to %(email)s has been revoked.",
    "Välkommen! Du har nu rollen %(role)s.": "Welcome! You now have the role %(role)s.",
}
PLURALS = {"%(n)s kommun": ("%(n)s municipality", "%(n)s municipalities")}


def main() -> None:
    path = Path(__file__).parent / "en" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in PLURALS:
            entry.msgstr_plural = dict(enumerate(PLURALS[entry.msgid]))
        elif entry.msgid in EN:
            entry.msgstr = EN[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()


if __name__ == "__main__":
    main()
