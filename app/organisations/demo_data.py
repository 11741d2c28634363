"""The words of the demo organisations: neighbourhoods, institutions, name patterns and
descriptions in natural Italian, per demo city. Used by :mod:`app.organisations.demo`."""

from __future__ import annotations

from app.models import ContributionKind, LegalForm

#: Province office code (digits 8-10 of a codice fiscale numerico / partita IVA).
OFFICE_CODES = {"bari": "072", "napoli": "063", "palermo": "082", "torino": "001", "foggia": "071"}

PHONE_PREFIXES = {"bari": "080", "napoli": "081", "palermo": "091", "torino": "011", "foggia": "0881"}

NEIGHBOURHOODS = {
    "bari": ["Japigia", "San Paolo", "Libertà", "Madonnella", "Carrassi", "Bari Vecchia", "Enziteto", "San Girolamo"],
    "napoli": ["Scampia", "Sanità", "Forcella", "Ponticelli", "Barra", "San Giovanni a Teduccio", "Secondigliano"],
    "palermo": ["ZEN", "Brancaccio", "Ballarò", "Kalsa", "Borgo Vecchio", "Sperone", "Danisinni", "Noce"],
    "torino": ["Barriera di Milano", "Aurora", "San Salvario", "Mirafiori Sud", "Falchera", "Vallette", "Borgo Dora"],
    "foggia": ["Candelaro", "Rione Martucci", "Croci", "CEP", "Rione Diaz", "San Ciro"],
}

UNIVERSITIES = {
    "bari": ["Università degli Studi di Bari Aldo Moro", "Politecnico di Bari"],
    "napoli": ["Università degli Studi di Napoli Federico II", "Università degli Studi di Napoli L'Orientale"],
    "palermo": ["Università degli Studi di Palermo"],
    "torino": ["Università degli Studi di Torino", "Politecnico di Torino"],
    "foggia": ["Università di Foggia"],
}

MUSEUMS = {
    "bari": ["Pinacoteca metropolitana Corrado Giaquinto", "Museo civico di Bari"],
    "napoli": ["Museo e Real Bosco di Capodimonte", "Museo Archeologico Nazionale di Napoli"],
    "palermo": ["Museo archeologico regionale Antonino Salinas", "Galleria regionale di Palazzo Abatellis"],
    "torino": ["Museo Egizio", "Museo Nazionale del Cinema"],
    "foggia": ["Museo civico di Foggia", "Museo del Territorio di Foggia"],
}

THEATRES = {
    "bari": ["Teatro Kismet"],
    "napoli": ["Nuovo Teatro Sanità"],
    "palermo": ["Teatro Biondo"],
    "torino": ["Teatro Stabile di Torino"],
    "foggia": ["Teatro Umberto Giordano"],
}

LIBRARIES = {
    "bari": ["Biblioteca nazionale Sagarriga Visconti Volpi"],
    "napoli": ["Biblioteca nazionale Vittorio Emanuele III"],
    "palermo": ["Biblioteca comunale di Casa Professa"],
    "torino": ["Biblioteca civica Italo Calvino"],
    "foggia": ["Biblioteca La Magna Capitana"],
}

PUBLIC_BODIES = {
    "bari": ["Municipio I – Comune di Bari", "Centro per l'impiego di Bari"],
    "napoli": ["Municipalità 8 – Comune di Napoli", "Centro per l'impiego di Napoli"],
    "palermo": ["Circoscrizione VII – Comune di Palermo", "Centro per l'impiego di Palermo"],
    "torino": ["Circoscrizione 6 – Città di Torino", "Centro per l'impiego di Torino"],
    "foggia": ["Servizi sociali – Comune di Foggia", "Centro per l'impiego di Foggia"],
}

SAINTS = ["San Francesco", "Don Lorenzo Milani", "Giovanni Falcone", "Gianni Rodari", "Maria Montessori"]

SURNAMES = [
    "Lorusso", "De Santis", "Esposito", "Russo", "Romano", "Ricci", "Marino", "Greco", "Bruno", "Gallo",
    "Conti", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Santoro", "Caruso", "Leone",
    "Longo", "Gentile", "Vitale", "Coppola", "De Luca", "D'Angelo", "Parisi", "Ferraro", "Messina", "Palumbo",
    "Amato", "Pellegrino", "Carbone", "Barone", "Caputo", "Fiore", "De Rosa", "Basile", "Ruggiero", "Sorrentino",
]  # fmt: skip
FIRST_NAMES = [
    "Giuseppe", "Maria", "Antonio", "Anna", "Francesco", "Giulia", "Alessandro", "Francesca", "Luca", "Chiara",
    "Marco", "Sara", "Andrea", "Elena", "Matteo", "Paola", "Davide", "Valentina", "Nicola", "Federica",
    "Vincenzo", "Rosa", "Salvatore", "Teresa", "Domenico", "Angela", "Stefano", "Martina", "Roberto", "Laura",
]  # fmt: skip

#: Name patterns per form; {q} a neighbourhood, {c} the city, {s} a surname.
NAMES = {
    LegalForm.APS: [
        "APS {q} in Comune", "APS Periferie al Centro", "APS La Bottega delle Idee", "APS Ludoteca Il Girasole",
        "APS Casa di Quartiere {q}", "APS Officina Sociale {q}", "APS Corti Aperte", "APS Musica nei Quartieri",
        "APS Terra Viva",
    ],
    LegalForm.ODV: [
        "ODV Mani Aperte", "ODV Il Ponte", "ODV Dispensa Solidale {q}", "ODV Amici dei Nonni",
        "ODV Accoglienza Senza Confini", "ODV Doposcuola Solidale {q}", "ODV Sentinelle del Verde",
    ],
    LegalForm.SOCIAL_COOPERATIVE: [
        "Cooperativa sociale Il Melograno", "Cooperativa sociale Orizzonti", "Cooperativa sociale Lavoro e Dignità",
        "Cooperativa sociale Semi di Comunità", "Cooperativa sociale Ciclofficina {q}", "Cooperativa sociale La Rete",
        "Cooperativa sociale Filo d'Erba", "Cooperativa sociale Il Quadrifoglio",
    ],
    LegalForm.SOCIAL_ENTERPRISE: [
        "Impresa sociale Fabbrica dei Saperi", "Impresa sociale {q} Lab", "Impresa sociale Cucine Popolari",
    ],
    LegalForm.FOUNDATION: ["Fondazione di Comunità di {c}", "Fondazione Famiglia {s}", "Fondazione Sviluppo {q}"],
    LegalForm.ASSOCIATION: [
        "Associazione culturale Lanterne", "ASD {q} Basket", "Comitato di quartiere {q}",
        "Associazione Genitori {q}", "Associazione Fotografi di Strada",
    ],
    LegalForm.BUSINESS: [
        "Panificio {s} snc", "Tipografia {s} srl", "{q} Bike srl", "Studio associato {s} & {s2}",
        "Ortofrutta {s}",
    ],
    LegalForm.OTHER: ["Parrocchia San Giuseppe {q}", "Oratorio Don Bosco {q}"],
}  # fmt: skip

COUNTS = {
    LegalForm.APS: 7,
    LegalForm.ODV: 6,
    LegalForm.SOCIAL_COOPERATIVE: 7,
    LegalForm.SOCIAL_ENTERPRISE: 3,
    LegalForm.FOUNDATION: 3,
    LegalForm.ASSOCIATION: 5,
    LegalForm.SCHOOL: 5,
    LegalForm.BUSINESS: 5,
    LegalForm.OTHER: 2,
}

FIELDS_BY_FORM = {
    LegalForm.APS: ["inclusione-sociale", "cultura", "giovani", "rigenerazione-urbana"],
    LegalForm.ODV: ["inclusione-sociale", "anziani", "migranti", "salute"],
    LegalForm.SOCIAL_COOPERATIVE: ["lavoro", "inclusione-sociale", "salute", "giovani", "ambiente"],
    LegalForm.SOCIAL_ENTERPRISE: ["lavoro", "digitale", "rigenerazione-urbana"],
    LegalForm.FOUNDATION: ["inclusione-sociale", "cultura", "istruzione"],
    LegalForm.ASSOCIATION: ["cultura", "sport", "giovani"],
    LegalForm.SCHOOL: ["istruzione", "giovani"],
    LegalForm.UNIVERSITY: ["istruzione", "digitale", "lavoro"],
    LegalForm.MUSEUM: ["cultura", "istruzione"],
    LegalForm.THEATRE: ["cultura", "giovani"],
    LegalForm.LIBRARY: ["cultura", "istruzione", "digitale"],
    LegalForm.BUSINESS: ["lavoro"],
    LegalForm.PUBLIC_BODY: ["lavoro", "inclusione-sociale"],
    LegalForm.OTHER: ["inclusione-sociale", "giovani"],
}

DESCRIPTIONS = {
    LegalForm.APS: [
        "Associazione di promozione sociale nata nel {year} a {q}. Organizza doposcuola, laboratori creativi "
        "e feste di strada con le famiglie del rione e apre il suo spazio tre pomeriggi a settimana.",
        "Da più di dieci anni animiamo le piazze di {q} con cinema all'aperto, orti condivisi e tornei per "
        "ragazze e ragazzi. Crediamo che un quartiere cambi quando chi ci vive se ne prende cura.",
    ],
    LegalForm.ODV: [
        "Organizzazione di volontariato attiva a {q}: distribuiamo spesa solidale, accompagniamo le persone "
        "anziane sole alle visite mediche e teniamo uno sportello di ascolto il sabato mattina.",
        "Sessanta volontarie e volontari che offrono accoglienza, corsi di italiano per persone migranti "
        "e aiuto nelle pratiche con gli uffici pubblici.",
    ],
    LegalForm.SOCIAL_COOPERATIVE: [
        "Cooperativa sociale di tipo B: inserimento lavorativo di persone svantaggiate nella manutenzione "
        "del verde, nella ciclofficina e nella ristorazione. Trenta soci, di cui dodici lavoratori svantaggiati.",
        "Cooperativa sociale di tipo A che gestisce centri diurni, servizi educativi per la prima infanzia "
        "e assistenza domiciliare a {c} dal {year}.",
    ],
    LegalForm.SOCIAL_ENTERPRISE: [
        "Impresa sociale che forma giovani NEET alle competenze digitali e li accompagna verso il lavoro, "
        "con un laboratorio di fabbricazione digitale aperto al quartiere.",
        "Ristorazione sociale e catering con prodotti del territorio: ogni pasto venduto finanzia pasti "
        "sospesi per le famiglie in difficoltà di {q}.",
    ],
    LegalForm.FOUNDATION: [
        "Fondazione che sostiene con piccoli contributi e accompagnamento le iniziative civiche dei quartieri "
        "di {c}, con un'attenzione particolare a infanzia e povertà educativa.",
        "Fondazione di origine familiare che finanzia borse di studio e progetti di inclusione sociale "
        "nelle periferie della città.",
    ],
    LegalForm.ASSOCIATION: [
        "Associazione di cittadine e cittadini di {q}: segnaliamo i problemi del quartiere, organizziamo "
        "assemblee pubbliche e curiamo insieme al Comune le aree verdi.",
        "Associazione culturale che porta fotografia, musica e letture nei cortili e nelle scuole di {q}.",
    ],
    LegalForm.SCHOOL: [
        "Istituto comprensivo con scuole dell'infanzia, primaria e secondaria di primo grado a {q}. "
        "Tempo pieno, laboratori pomeridiani aperti al territorio e una palestra disponibile per il quartiere.",
        "Scuola attenta all'inclusione: progetti contro la dispersione scolastica con le associazioni del "
        "quartiere e un patto educativo di comunità firmato nel {year}.",
    ],
    LegalForm.UNIVERSITY: [
        "Ateneo pubblico. I dipartimenti collaborano con enti del Terzo settore e Comune nella valutazione "
        "d'impatto dei progetti di innovazione sociale e nei tirocini sul territorio.",
    ],
    LegalForm.MUSEUM: [
        "Museo con un servizio educativo che ogni anno accoglie migliaia di studenti e propone percorsi "
        "gratuiti per le famiglie dei quartieri periferici.",
    ],
    LegalForm.THEATRE: [
        "Teatro di produzione e ospitalità con laboratori teatrali per ragazze e ragazzi e una stagione "
        "pensata con le scuole della città.",
    ],
    LegalForm.LIBRARY: [
        "Biblioteca pubblica con sala studio, prestito digitale, gruppi di lettura e un punto di facilitazione "
        "digitale per chi ha bisogno di aiuto con i servizi online.",
    ],
    LegalForm.BUSINESS: [
        "Piccola impresa del quartiere {q}, attiva dal {year}, che sostiene iniziative di vicinato e ospita "
        "tirocini per giovani del territorio.",
    ],
    LegalForm.PUBLIC_BODY: [
        "Ufficio pubblico che collabora con associazioni e scuole per orientamento al lavoro, servizi sociali "
        "di prossimità e presa in carico delle famiglie fragili.",
    ],
    LegalForm.OTHER: [
        "Comunità parrocchiale con oratorio, campetto e sale per le attività del quartiere {q}, aperte anche "
        "alle associazioni laiche.",
    ],
}

CONTRIBUTIONS = {
    LegalForm.SCHOOL: (
        ContributionKind.SPACE,
        (2000, 9000),
        ["Palestra e due aule il pomeriggio", "Aula magna per gli incontri"],
    ),
    LegalForm.UNIVERSITY: (
        ContributionKind.EXPERTISE,
        (5000, 18000),
        ["Valutazione d'impatto e indicatori", "Tirocinanti del corso di servizio sociale"],
    ),
    LegalForm.MUSEUM: (ContributionKind.SPACE, (3000, 10000), ["Sala didattica e visite guidate gratuite"]),
    LegalForm.THEATRE: (ContributionKind.EXPERTISE, (3000, 9000), ["Laboratorio teatrale con due attori formatori"]),
    LegalForm.LIBRARY: (ContributionKind.SPACE, (1500, 6000), ["Sala lettura e postazioni informatiche"]),
    LegalForm.BUSINESS: (ContributionKind.MONEY, (2000, 15000), ["Contributo in denaro", "Materiali e forniture"]),
    LegalForm.FOUNDATION: (ContributionKind.MONEY, (5000, 25000), ["Cofinanziamento del progetto"]),
    LegalForm.PUBLIC_BODY: (ContributionKind.EXPERTISE, (2000, 8000), ["Orientamento al lavoro per i partecipanti"]),
    LegalForm.OTHER: (ContributionKind.SPACE, (1000, 5000), ["Sale dell'oratorio e campetto"]),
    LegalForm.SOCIAL_COOPERATIVE: (
        ContributionKind.EXPERTISE,
        (3000, 12000),
        ["Due educatori per sei mesi", "Coordinamento delle attività"],
    ),
    LegalForm.SOCIAL_ENTERPRISE: (ContributionKind.EQUIPMENT, (1500, 7000), ["Attrezzature del laboratorio digitale"]),
    LegalForm.ODV: (
        ContributionKind.VOLUNTEERS,
        (1500, 6000),
        ["Dieci volontari il sabato", "Volontari per l'accoglienza"],
    ),
    LegalForm.APS: (
        ContributionKind.VOLUNTEERS,
        (1500, 7000),
        ["Animatori e volontari del quartiere", "Gestione dello spazio aperto"],
    ),
    LegalForm.ASSOCIATION: (ContributionKind.VOLUNTEERS, (1000, 4000), ["Volontari per gli eventi di strada"]),
}
