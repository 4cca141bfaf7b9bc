"""Common first names (female, male) and surnames of the eight demo countries."""

NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "DE": (
        ("Anna", "Julia", "Laura", "Sarah", "Lena", "Katharina", "Sabine", "Petra", "Claudia", "Andrea",
         "Stefanie", "Nicole", "Melanie", "Sandra", "Hannah", "Lea", "Marie", "Sophie", "Jana", "Birgit",
         "Susanne", "Christina", "Franziska", "Johanna", "Jülide", "Ayşe"),
        ("Thomas", "Michael", "Andreas", "Stefan", "Christian", "Markus", "Daniel", "Jan", "Tobias", "Alexander",
         "Florian", "Sebastian", "Matthias", "Jürgen", "Uwe", "Frank", "Lukas", "Jonas", "Felix", "Tim",
         "Niklas", "Max", "Philipp", "Björn", "Mehmet", "Emre"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
         "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
         "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann",
         "Köhler", "Maier", "Herrmann", "König", "Walter", "Peters", "Yılmaz", "Kaya", "Nowak", "Kowalski"),
    ),
    "AT": (
        ("Anna", "Katharina", "Lisa", "Magdalena", "Theresa", "Elisabeth", "Barbara", "Verena", "Sophie", "Valentina"),
        ("Lukas", "Florian", "David", "Tobias", "Stefan", "Johannes", "Markus", "Wolfgang", "Georg", "Maximilian"),
        ("Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser", "Mayer", "Hofer", "Leitner",
         "Berger", "Fuchs", "Eder", "Fischer", "Schmid", "Winkler", "Weber", "Schwarz", "Maier", "Reiter"),
    ),
    "CH": (
        ("Sarah", "Laura", "Nadine", "Céline", "Andrea", "Corinne", "Martina", "Nina", "Chiara", "Léa"),
        ("Daniel", "Reto", "Urs", "Beat", "Marco", "Luca", "Simon", "Matthias", "Noah", "Yannick"),
        ("Müller", "Meier", "Schmid", "Keller", "Weber", "Huber", "Schneider", "Meyer", "Steiner", "Fischer",
         "Gerber", "Brunner", "Baumann", "Frei", "Zimmermann", "Moser", "Widmer", "Wyss", "Graf", "Roth"),
    ),
    "PL": (
        ("Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Magdalena", "Joanna", "Aleksandra",
         "Zofia", "Monika", "Natalia"),
        ("Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz", "Jakub", "Kamil", "Grzegorz",
         "Wojciech", "Mateusz"),
        ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
         "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk",
         "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski"),
    ),
    "ES": (
        ("María", "Lucía", "Carmen", "Laura", "Marta", "Ana", "Paula", "Elena", "Cristina", "Sara", "Nuria"),
        ("Antonio", "Manuel", "José", "David", "Javier", "Daniel", "Carlos", "Alejandro", "Pablo", "Sergio", "Jorge"),
        ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
         "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Navarro",
         "Torres"),
    ),
    "NL": (
        ("Emma", "Sanne", "Lisa", "Anouk", "Fleur", "Eva", "Lotte", "Femke", "Maaike", "Iris"),
        ("Daan", "Sem", "Lucas", "Bram", "Thijs", "Jeroen", "Ruben", "Sander", "Pieter", "Joost"),
        ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
         "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
         "Brouwer"),
    ),
    "HU": (
        ("Anna", "Eszter", "Katalin", "Zsófia", "Réka", "Nóra", "Judit", "Ágnes", "Krisztina", "Dóra"),
        ("László", "István", "Gábor", "Zoltán", "Péter", "Balázs", "Tamás", "Attila", "Dániel", "Bence"),
        ("Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh", "Farkas",
         "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros", "Oláh", "Simon", "Rácz", "Fekete"),
    ),
    "SK": (
        ("Jana", "Mária", "Lucia", "Zuzana", "Katarína", "Martina", "Veronika", "Simona", "Monika", "Petra"),
        ("Peter", "Martin", "Tomáš", "Michal", "Ján", "Marek", "Lukáš", "Juraj", "Matej", "Róbert"),
        ("Horváth", "Kováč", "Varga", "Tóth", "Nagy", "Baláž", "Szabó", "Molnár", "Lukáč", "Novák",
         "Kollár", "Polák", "Kráľ", "Oravec", "Blaho", "Šimko", "Krajčí", "Hudák", "Urban", "Čierny"),
    ),
}

# Slovak and Polish surnames take a female form.
FEMALE_SURNAME = {"PL": (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")), "SK": (("ý", "á"), ("ny", "na"))}


def female_form(country: str, surname: str) -> str:
    """The female form of a surname where the language has one (Kowalski -> Kowalska)."""
    for male, female in FEMALE_SURNAME.get(country, ()):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    if country == "SK" and surname[-1] not in "áeiouy":
        return surname + "ová"
    return surname
