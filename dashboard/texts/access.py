"""Texts of login, roles, the demo mode and refusals."""

TEXTS = {
    "section_privacy": ("Privacy", "Datenschutz"),
    "role_ld_lead": ("L&D lead", "L&D-Leitung"),
    "role_works_council": ("Works council", "Betriebsrat"),
    "role_executive": ("Executive", "Geschäftsleitung"),
    "role_admin": ("Administrator", "Administration"),
    "auth_login_title": ("Dirigent: please log in", "Dirigent: bitte anmelden"),
    "auth_login_text": (
        "Dirigent shows figures about your organisation's learning; who sees which figures depends on your role. "
        "Log in with your company account.",
        "Dirigent zeigt Zahlen zum Lernen in Ihrer Organisation; wer welche Zahlen sieht, hängt von der Rolle ab. "
        "Melden Sie sich mit Ihrem Firmenkonto an.",
    ),
    "auth_login_button": ("Log in", "Anmelden"),
    "auth_logout": ("Log out", "Abmelden"),
    "auth_logged_in": ("Logged in as {login} · role: {role}", "Angemeldet als {login} · Rolle: {role}"),
    "auth_no_role_title": ("No access to Dirigent", "Kein Zugang zu Dirigent"),
    "auth_no_role_text": (
        "Your account ({login}) has no Dirigent role: the login carries no valid `{claim}` claim and the e-mail "
        "is not in the role table. Ask your Dirigent administrator to give you a role.",
        "Ihr Konto ({login}) hat keine Dirigent-Rolle: die Anmeldung enthält keinen gültigen Claim `{claim}` und "
        "die E-Mail-Adresse steht nicht in der Rollentabelle. Bitten Sie Ihre Dirigent-Administration um eine Rolle.",
    ),
    "auth_config_error": ("Dirigent's role configuration is wrong, so nobody can be given a role: {error}",
                          "Die Rollen-Konfiguration von Dirigent ist fehlerhaft, daher erhält niemand eine Rolle: "
                          "{error}"),
    "auth_not_configured_title": ("Login is not configured", "Anmeldung nicht eingerichtet"),
    "auth_not_configured_text": (
        "This warehouse holds real data, and Dirigent shows real data only after a login. Configure your "
        "identity provider in the `[auth]` section of `.streamlit/secrets.toml` (see `.streamlit/"
        "secrets.toml.example` and docs/dashboard.md, \"Roles and login\"), then restart the dashboard. Only "
        "the demo warehouse (`make demo`) opens without a login.",
        "Dieses Warehouse enthält echte Daten, und Dirigent zeigt echte Daten nur nach einer Anmeldung. Richten "
        "Sie Ihren Identitätsanbieter im Abschnitt `[auth]` von `.streamlit/secrets.toml` ein (siehe "
        "`.streamlit/secrets.toml.example` und docs/dashboard.md, „Roles and login“) und starten Sie das "
        "Dashboard neu. Nur das Demo-Warehouse (`make demo`) öffnet ohne Anmeldung.",
    ),
    "auth_audit_unavailable": (
        "Dirigent cannot write its audit log, so it shows nothing: {error}",
        "Dirigent kann sein Zugriffsprotokoll nicht schreiben und zeigt daher nichts an: {error}",
    ),
    "auth_demo_role": ("Role (demo)", "Rolle (Demo)"),
    "auth_demo_role_help": (
        "Demo mode: pick a role to see the dashboard as that role sees it. With a real warehouse the role "
        "comes from the login, never from here.",
        "Demo-Modus: eine Rolle wählen, um das Dashboard so zu sehen, wie diese Rolle es sieht. Bei einem echten "
        "Warehouse kommt die Rolle aus der Anmeldung, nie von hier.",
    ),
    "auth_demo_banner_title": ("Demo mode", "Demo-Modus"),
    "auth_demo_banner": (
        "Demo AG's made-up data; the role ({role}) is chosen here in the sidebar, not by login.",
        "erfundene Daten der Demo AG; die Rolle ({role}) wird hier in der Seitenleiste gewählt, nicht durch eine "
        "Anmeldung.",
    ),
    "access_denied": ("Not available in your role: {reason}.", "In Ihrer Rolle nicht verfügbar: {reason}."),
    "privacy_refused": (
        "The privacy rules refuse some figures of this view; they read \"hidden\": {reason}. A larger org unit, "
        "another filter or a longer period shows them.",
        "Die Datenschutzregeln verweigern einige Zahlen dieser Ansicht; sie erscheinen als „verborgen“: {reason}. "
        "Eine größere Organisationseinheit, ein anderer Filter oder ein längerer Zeitraum zeigt sie.",
    ),
    "export_not_allowed": ("Downloads are not part of your role.", "Downloads gehören nicht zu Ihrer Rolle."),
}
