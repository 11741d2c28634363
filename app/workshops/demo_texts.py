"""Texts of the demo workshops, in natural Italian, per demo city: a workshop already held
(its board, decisions and the ideas it produced), one coming up, and one ready to go live.

Board notes are ``(text, votes)``; the demo spreads authors and votes over the attendees.
"""

AGENDA_FULL = [
    ("Accoglienza e presentazioni", "discuss", 15),
    ("Idee libere sui post-it", "brainstorm", 25),
    ("Raggruppiamo le idee", "cluster", 20),
    ("Voto a pallini", "vote", 10),
    ("Chi fa cosa: prossimi passi", "discuss", 20),
]

AGENDA_SHORT = [
    ("Giro di presentazioni", "discuss", 10),
    ("Cosa manca nel quartiere", "brainstorm", 20),
    ("Mettiamo ordine", "cluster", 15),
    ("Scegliamo le priorità", "vote", 10),
]

CITIES = {
    "bari": {
        "area": "Japigia",
        "space": "Ex Mercato coperto di Japigia – Hub di comunità",
        "place": "Ex Mercato coperto di Japigia, via Peucetia 5, Bari",
        "past": {
            "title": "Laboratorio: spazi per i giovani a Japigia",
            "goal": (
                "Capire con ragazze, ragazzi, famiglie e associazioni quali spazi mancano a Japigia "
                "per studiare, fare sport e stare insieme nel pomeriggio, e trasformare le proposte "
                "in idee da candidare all'avviso pubblico del Comune."
            ),
            "groups": [
                (
                    "Studiare insieme il pomeriggio",
                    [
                        ("Aula studio aperta fino alle 21 nell'ex mercato", 6),
                        ("Doposcuola con studenti universitari come tutor", 4),
                        ("Wi-fi gratuito e prese per ricaricare i portatili", 2),
                    ],
                ),
                (
                    "Sport e cortili",
                    [
                        ("Sistemare il campetto di via Caldarola e illuminarlo la sera", 5),
                        ("Tornei di quartiere tra le scuole medie", 2),
                    ],
                ),
                (
                    "Musica e creatività",
                    [
                        ("Una sala prove insonorizzata a prezzi popolari", 3),
                        ("Corsi di fumetto e murales con gli artisti del quartiere", 1),
                    ],
                ),
            ],
            "loose": [("Più autobus la sera verso il centro", 1), ("Uno sportello per il primo lavoro", 0)],
            "ideas": {
                0: (
                    "Aula studio serale all'ex mercato di Japigia",
                    "Un'aula studio aperta fino alle 21, con tutor universitari per il doposcuola e "
                    "connessione gratuita, gestita insieme alle associazioni del quartiere.",
                ),
                1: (
                    "Campetto di via Caldarola illuminato e tornei tra scuole",
                    "Sistemare e illuminare il campetto e organizzare un torneo tra le scuole medie.",
                ),
            },
            "decisions": (
                "L'aula studio serale è la priorità: l'associazione Japigia Giovani scrive la proposta "
                "con l'aiuto del Comune entro fine mese.\n"
                "Per il campetto si chiede un sopralluogo all'ufficio tecnico del Municipio II.\n"
                "Ci rivediamo tra sei settimane per fare il punto."
            ),
        },
        "upcoming": {
            "title": "Laboratorio: una casa di quartiere a Libertà",
            "area": "Libertà",
            "goal": (
                "Immaginare insieme come usare gli spazi recuperati della ex scuola di via Fani: "
                "orari, attività per famiglie straniere e anziani, regole di uso condiviso."
            ),
            "place": "Ex scuola Caduti di via Fani – Casa di quartiere, via Caduti di via Fani 12, Bari",
        },
        "live": {
            "title": "Tavolo di co-progettazione: doposcuola a San Paolo",
            "area": "San Paolo",
            "goal": (
                "Progettare con scuole, parrocchia e associazioni un doposcuola diffuso a San Paolo, "
                "partendo dai bisogni segnalati dalle famiglie."
            ),
            "place": "Centro polifunzionale San Paolo, viale Lazio 32, Bari",
        },
    },
    "napoli": {
        "area": "Scampia",
        "space": "Biblioteca di comunità di Scampia",
        "place": "Biblioteca di comunità di Scampia, viale della Resistenza 40, Napoli",
        "past": {
            "title": "Laboratorio: la biblioteca di Scampia aperta la sera",
            "goal": (
                "Raccogliere idee per tenere aperta la biblioteca di comunità anche la sera e nei fine "
                "settimana, con attività per ragazzi, mamme e anziani."
            ),
            "groups": [
                (
                    "Orari e presidio",
                    [
                        ("Apertura fino alle 22 il venerdì e il sabato con i volontari", 5),
                        ("Turni di custodia con i ragazzi del servizio civile", 3),
                    ],
                ),
                (
                    "Attività per le famiglie",
                    [
                        ("Letture ad alta voce per i bambini la domenica mattina", 4),
                        ("Corso di italiano per le mamme straniere", 4),
                        ("Cineforum all'aperto d'estate nel cortile", 2),
                    ],
                ),
            ],
            "loose": [("Una bacheca con le offerte di lavoro del quartiere", 1)],
            "ideas": {
                1: (
                    "Domeniche in biblioteca per le famiglie di Scampia",
                    "Letture per i bambini, corso di italiano per le mamme e cineforum estivo, "
                    "organizzati con le associazioni del territorio.",
                ),
            },
            "decisions": (
                "Si prova l'apertura serale il venerdì per tre mesi, con due volontari per turno.\n"
                "La cooperativa che gestisce la biblioteca coordina il calendario delle attività."
            ),
        },
        "upcoming": {
            "title": "Laboratorio: il Rione Sanità dopo le catacombe",
            "area": "Rione Sanità",
            "goal": (
                "Come far restare nel rione i visitatori e il lavoro che portano: botteghe, "
                "accoglienza diffusa, formazione per i giovani guide."
            ),
            "place": "Ex Lanificio del Rione Sanità – Sala polifunzionale, via dei Cristallini 73, Napoli",
        },
        "live": {
            "title": "Tavolo di co-progettazione: orti condivisi a Ponticelli",
            "area": "Ponticelli",
            "goal": "Disegnare con residenti e scuole un progetto di orti condivisi nelle aree verdi del parco.",
            "place": "Parco De Filippo, Ponticelli, Napoli",
        },
    },
    "palermo": {
        "area": "Brancaccio",
        "space": "Ex Deposito delle locomotive di Sant'Erasmo – Spazio culturale",
        "place": "Ex Deposito delle locomotive di Sant'Erasmo, via Messina Marine 14, Palermo",
        "past": {
            "title": "Laboratorio: Brancaccio, un quartiere che educa",
            "goal": (
                "Mettere in rete scuole, parrocchie e associazioni di Brancaccio per contrastare la "
                "dispersione scolastica, nel solco dell'impegno di don Pino Puglisi."
            ),
            "groups": [
                (
                    "Contro la dispersione scolastica",
                    [
                        ("Educatori di strada davanti alle scuole medie", 5),
                        ("Laboratori di mestieri con gli artigiani del quartiere", 4),
                    ],
                ),
                (
                    "Spazi sicuri",
                    [
                        ("Cortili delle scuole aperti il pomeriggio", 3),
                        ("Un centro giovani aperto anche d'estate", 3),
                    ],
                ),
            ],
            "loose": [("Borse di studio per chi finisce le superiori", 2)],
            "ideas": {
                0: (
                    "Educativa di strada e botteghe scuola a Brancaccio",
                    "Educatori davanti alle scuole e laboratori con gli artigiani per riportare i "
                    "ragazzi a scuola e avvicinarli a un mestiere.",
                ),
            },
            "decisions": (
                "Le tre scuole presenti condividono i dati sulle assenze (in forma anonima) con il "
                "tavolo.\nIl Centro Padre Nostro coordina la stesura della proposta."
            ),
        },
        "upcoming": {
            "title": "Laboratorio: il mercato di Ballarò di sera",
            "area": "Albergheria - Ballarò",
            "goal": "Idee per animare il mercato di Ballarò dopo la chiusura dei banchi, con chi lo vive ogni giorno.",
            "place": "Centro sociale Santa Chiara, piazza Santa Chiara 11, Palermo",
        },
    },
    "torino": {
        "area": "Barriera di Milano",
        "space": "Bagni pubblici di via Agliè – Casa del quartiere di Barriera di Milano",
        "place": "Bagni pubblici di via Agliè, via Agliè 9, Torino",
        "past": {
            "title": "Laboratorio: Barriera di Milano, lavoro e formazione",
            "goal": (
                "Con i giovani NEET del quartiere, i centri per l'impiego e le imprese della zona: "
                "che cosa serve per trovare il primo lavoro a Barriera?"
            ),
            "groups": [
                (
                    "Orientamento",
                    [
                        ("Uno sportello di orientamento nella casa del quartiere", 5),
                        ("Incontri con chi ce l'ha fatta, ragazzi del quartiere", 3),
                    ],
                ),
                (
                    "Competenze",
                    [
                        ("Corsi brevi di logistica e magazzino con patentino del muletto", 4),
                        ("Laboratorio di riparazione di biciclette", 2),
                    ],
                ),
            ],
            "loose": [("Tirocini pagati nelle botteghe di via Cigna", 3)],
            "ideas": {
                0: (
                    "Sportello orientamento lavoro alla casa del quartiere",
                    "Uno sportello aperto due pomeriggi a settimana, con incontri tra i giovani del "
                    "quartiere e chi ha già trovato lavoro.",
                ),
            },
            "decisions": (
                "Lo sportello parte in via sperimentale a settembre.\n"
                "Si cercano tre imprese disponibili ad accogliere tirocini."
            ),
        },
        "upcoming": {
            "title": "Laboratorio: Aurora, cortili che si aprono",
            "area": "Aurora",
            "goal": "Aprire al quartiere i cortili delle ex fabbriche: usi, regole, chi se ne prende cura.",
            "place": "Cecchi Point, via Antonio Cecchi 17, Torino",
        },
    },
    "foggia": {
        "area": "Candelaro",
        "space": "Ex Opera Nazionale Combattenti – Hub giovani del Candelaro",
        "place": "Hub giovani del Candelaro, via Candelaro 40, Foggia",
        "past": {
            "title": "Laboratorio: il Candelaro per le famiglie giovani",
            "goal": "Servizi per le famiglie con bambini piccoli del Candelaro: nidi, spazi gioco, sostegno.",
            "groups": [
                (
                    "Prima infanzia",
                    [
                        ("Uno spazio gioco 0-3 anni nell'hub giovani", 5),
                        ("Baby parking per le mamme che lavorano il sabato", 3),
                    ],
                ),
                (
                    "Verde e gioco",
                    [
                        ("Giochi inclusivi nel giardino della parrocchia", 4),
                        ("Ombra e panchine nel parco di via Candelaro", 2),
                    ],
                ),
            ],
            "loose": [("Un gruppo di acquisto solidale per i pannolini", 1)],
            "ideas": {
                0: (
                    "Spazio gioco 0-3 anni all'hub del Candelaro",
                    "Uno spazio gioco con educatrici per i bambini da 0 a 3 anni, aperto anche il sabato.",
                ),
            },
            "decisions": "La parrocchia mette a disposizione il giardino; il Comune verifica i requisiti dello spazio.",
        },
        "upcoming": {
            "title": "Laboratorio: Rione Martucci, case e cortili",
            "area": "Rione Martucci",
            "goal": "Come migliorare insieme ai residenti i cortili delle case popolari del Rione Martucci.",
            "place": "Sala parrocchiale del Rione Martucci, Foggia",
        },
    },
}

#: Demo participants created when a city has too few people of its own.
PARTICIPANT_NAMES = [
    "Giulia Lamanna",
    "Vito Schiavone",
    "Martina De Marco",
    "Francesco Loiacono",
    "Sara Quaranta",
    "Davide Cassano",
    "Ilaria Mastrangelo",
    "Michele Petruzzelli",
    "Federica Amoruso",
    "Alessandro Carbonara",
]
