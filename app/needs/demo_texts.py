"""Hand-written Italian needs for the demo, combined with local place names.

``{dove}`` is a place with its preposition ("in via Cigna", "vicino alle Vele"), ``{Dove}``
the same at the start of a sentence; ``{nel_quartiere}`` / ``{Nel_quartiere}`` name the
neighbourhood the same way ("a Scampia", "alla Falchera"). A title without a place gets the
neighbourhood appended ("Doposcuola gratuito per i ragazzi delle medie a Japigia").
"""

from __future__ import annotations

from app.models import NeedCategory as C

TEMPLATES = [
    (
        C.PUBLIC_SPACE,
        "Lampioni spenti {dove}",
        "Da settimane diversi lampioni {dove} sono spenti e la sera la strada resta quasi al buio. Chi torna a "
        "piedi dal lavoro o dalla fermata dell'autobus non si sente sicuro, soprattutto le donne e gli anziani. "
        "Chiediamo di ripristinare l'illuminazione e di controllarla più spesso.",
    ),
    (
        C.ENVIRONMENT,
        "Rifiuti ingombranti abbandonati {dove}",
        "{Dove} si accumulano materassi, mobili vecchi e sacchi di spazzatura. Il ritiro passa di rado e nel "
        "frattempo arrivano topi e cattivo odore. Servirebbero un punto di raccolta per gli ingombranti e più "
        "controlli contro chi scarica di notte.",
    ),
    (
        C.YOUNG_PEOPLE,
        "Uno spazio per i ragazzi",
        "I ragazzi tra i 14 e i 18 anni {nel_quartiere} non hanno un posto dove stare dopo la scuola: passano il "
        "pomeriggio per strada o davanti ai bar. Servirebbe un centro di aggregazione con attività di musica, "
        "sport e laboratori, aperto anche il sabato, magari gestito con le associazioni che già lavorano qui.",
    ),
    (
        C.EDUCATION,
        "Doposcuola gratuito per i ragazzi delle medie",
        "Molte famiglie {nel_quartiere} non possono permettersi le ripetizioni e tanti ragazzi restano indietro "
        "già alle medie, fino a lasciare la scuola. Chiediamo un doposcuola gratuito, tre pomeriggi a settimana, "
        "con educatori e volontari, in un locale vicino alla scuola.",
    ),
    (
        C.ELDERLY,
        "Anziani soli senza compagnia né aiuto",
        "{Nel_quartiere} vivono molte persone anziane sole, spesso al terzo o quarto piano senza ascensore. Non "
        "riescono a fare la spesa, ad andare in farmacia o a una visita. Servirebbe un servizio di vicinato con "
        "volontari e un centro diurno dove passare qualche ora in compagnia.",
    ),
    (
        C.WORK,
        "Corsi di formazione per chi cerca lavoro",
        "Tanti giovani e tante donne {nel_quartiere} cercano lavoro ma non hanno una qualifica. I corsi che "
        "esistono si fanno lontano e in orari impossibili per chi ha figli. Chiediamo corsi brevi qui nel "
        "quartiere (cucina, assistenza familiare, manutenzione, informatica) collegati alle imprese che assumono.",
    ),
    (
        C.HEALTH,
        "Un consultorio più vicino alle famiglie",
        "Il consultorio più vicino è dall'altra parte della città e per arrivarci servono due autobus. Molte "
        "mamme {nel_quartiere} rinunciano alle visite e ai corsi pre-parto. Servirebbe almeno uno sportello "
        "settimanale nel quartiere, con ostetrica, pediatra e assistente sociale.",
    ),
    (
        C.MOBILITY,
        "Autobus troppo rari la sera e nei festivi",
        "Dopo le 20 e la domenica l'autobus che collega il quartiere al centro passa ogni 40 minuti, quando "
        "passa. Chi lavora nei turni serali o nei negozi del centro non ha alternative all'auto. Chiediamo corse "
        "più frequenti e una pensilina con gli orari aggiornati {dove}.",
    ),
    (
        C.DIGITAL,
        "Aiuto per SPID, PagoPA e pratiche online",
        "Ormai quasi tutto si fa online: bonus, iscrizioni a scuola, prenotazioni mediche. Molti anziani e tante "
        "famiglie straniere {nel_quartiere} non hanno un computer o non sanno usare lo SPID. Servirebbe uno "
        "sportello di facilitazione digitale, con persone che aiutano passo passo.",
    ),
    (
        C.HOUSING,
        "Case popolari con infiltrazioni e muffa",
        "Nelle case popolari {dove} piove dentro da anni: muri pieni di muffa, intonaco che cade, ascensori "
        "fermi. Le segnalazioni all'ente gestore non hanno avuto risposta. Chiediamo un piano di manutenzione "
        "straordinaria e un punto di ascolto per gli inquilini.",
    ),
    (
        C.FAMILIES,
        "Mancano posti all'asilo nido",
        "{Nel_quartiere} c'è un solo asilo nido pubblico e la lista d'attesa è lunghissima. Molte mamme "
        "rinunciano a lavorare perché non sanno a chi lasciare i bambini. Chiediamo nuovi posti al nido, anche "
        "con spazi gioco gestiti da cooperative, e orari più lunghi.",
    ),
    (
        C.CULTURE,
        "Riaprire la biblioteca di quartiere",
        "La piccola biblioteca {dove} è chiusa da anni. Era l'unico posto tranquillo dove i ragazzi potevano "
        "studiare e dove si facevano letture per i bambini. Chiediamo di riaprirla come biblioteca sociale, con "
        "sale studio, wi-fi e attività culturali gestite insieme alle associazioni.",
    ),
    (
        C.SAFETY,
        "Spaccio e paura davanti alla scuola",
        "Ogni pomeriggio {dove} ci sono gruppi che spacciano a pochi metri dall'uscita della scuola. I genitori "
        "hanno paura e molti bambini non vanno più al parco. Oltre ai controlli, chiediamo di riempire quello "
        "spazio di attività: sport, animazione, presenza di educatori.",
    ),
    (
        C.PUBLIC_SPACE,
        "Marciapiedi rotti e barriere per le carrozzine",
        "I marciapiedi {dove} sono dissestati, pieni di buche e di radici, e mancano gli scivoli agli "
        "attraversamenti. Con una carrozzina o un passeggino bisogna camminare in mezzo alla strada. Chiediamo "
        "di rifarli e di eliminare le barriere architettoniche.",
    ),
    (
        C.ENVIRONMENT,
        "Un giardino abbandonato da recuperare",
        "L'area verde {dove} è recintata e abbandonata: erba alta, panchine rotte, giochi inagibili. Con poco si "
        "potrebbe trasformare in un giardino condiviso, con orti sociali curati dagli anziani e uno spazio gioco "
        "per i bambini. Molti vicini sono pronti a dare una mano.",
    ),
    (
        C.CULTURE,
        "Un campo sportivo aperto a tutti",
        "{Nel_quartiere} l'unico campetto è chiuso o a pagamento e i ragazzi giocano a pallone nei parcheggi. "
        "Chiediamo un campo polivalente aperto gratuitamente il pomeriggio, con un allenatore o un educatore che "
        "organizzi tornei e attività per ragazze e ragazzi.",
    ),
    (
        C.WORK,
        "Lavoro per i giovani che hanno lasciato la scuola",
        "Tanti ragazzi {nel_quartiere} hanno lasciato la scuola a 15 o 16 anni e oggi non studiano né lavorano. "
        "Servono percorsi di orientamento e tirocini pagati nelle botteghe e nelle imprese della zona, con un "
        "tutor che li segua.",
    ),
    (
        C.FAMILIES,
        "Uno spazio gioco coperto per i bambini piccoli",
        "D'inverno e nei giorni di pioggia le famiglie {nel_quartiere} non hanno un posto dove far giocare i "
        "bambini sotto i sei anni. Una ludoteca con educatrici, aperta anche ai genitori, aiuterebbe a "
        "conoscersi e a rompere l'isolamento di tante mamme.",
    ),
    (
        C.HEALTH,
        "Supporto psicologico per ragazzi e famiglie",
        "Dopo la pandemia molti ragazzi {nel_quartiere} si chiudono in casa, soffrono d'ansia o smettono di "
        "andare a scuola. Le famiglie non sanno a chi rivolgersi e le attese del servizio pubblico sono "
        "lunghissime. Chiediamo uno sportello di ascolto gratuito nelle scuole e nel quartiere.",
    ),
    (
        C.MOBILITY,
        "Attraversamento pericoloso {dove}",
        "Per andare a scuola i bambini devono attraversare la strada {dove}, dove le auto corrono e non c'è un "
        "semaforo. Ci sono già stati incidenti. Chiediamo un attraversamento rialzato, un semaforo a chiamata o "
        "almeno un vigile all'ora di entrata e di uscita.",
    ),
    (
        C.ELDERLY,
        "Un centro anziani con più attività",
        "Il centro anziani {dove} è aperto solo due mattine a settimana e non propone niente oltre alle carte. "
        "Chiediamo più aperture e più attività: ginnastica dolce, corsi per usare lo smartphone, gite, incontri "
        "con i ragazzi delle scuole.",
    ),
    (
        C.DIGITAL,
        "Wi-fi gratuito e computer per studiare",
        "Molti studenti {nel_quartiere} seguono le lezioni dal telefono perché a casa non c'è internet né un "
        "computer. Chiediamo un'aula studio con wi-fi gratuito e qualche postazione, aperta il pomeriggio e la "
        "sera.",
    ),
    (
        C.HOUSING,
        "Uno sportello per chi rischia lo sfratto",
        "Sempre più famiglie {nel_quartiere} non riescono a pagare l'affitto e ricevono lettere di sfratto. Non "
        "sanno quali aiuti esistono né come chiederli. Servirebbe uno sportello casa con un avvocato e "
        "un'assistente sociale, per mediare con i proprietari e accedere ai contributi.",
    ),
    (
        C.EDUCATION,
        "Corsi di italiano per adulti stranieri",
        "{Nel_quartiere} vivono tante famiglie arrivate da poco. Le mamme soprattutto non parlano italiano e "
        "faticano a capirsi con gli insegnanti o con il medico. Chiediamo corsi di italiano gratuiti al mattino, "
        "con un servizio di baby-sitting.",
    ),
    (
        C.PUBLIC_SPACE,
        "Una piazza da restituire ai residenti",
        "Lo slargo {dove} oggi è solo un parcheggio disordinato. Potrebbe tornare a essere una piazza: qualche "
        "albero, panchine, una fontanella, spazio per il mercato e per le feste di quartiere. Chiediamo di "
        "progettarla insieme a chi ci abita.",
    ),
    (
        C.SAFETY,
        "Portoni rotti e androni insicuri",
        "Nei palazzi {dove} i portoni sono rotti da anni e chiunque entra negli androni e nelle cantine. Di "
        "notte ci sono bivacchi e danneggiamenti. Chiediamo di riparare gli accessi e di illuminare gli spazi "
        "comuni.",
    ),
    (
        C.ENVIRONMENT,
        "Tombini intasati, zanzare e ratti",
        "I tombini e i canali di scolo {dove} non vengono puliti da tempo: d'estate ci sono zanzare e ratti, e "
        "quando piove la strada si allaga. Chiediamo una pulizia regolare e una derattizzazione.",
    ),
    (
        C.CULTURE,
        "Laboratori di teatro e musica per i ragazzi",
        "{Nel_quartiere} ci sono tanti ragazzi con talento ma nessun posto dove fare musica o teatro. Un "
        "laboratorio stabile, con uno spettacolo a fine anno, darebbe loro un'occasione e porterebbe gente nel "
        "quartiere.",
    ),
    (
        C.FAMILIES,
        "Sostegno alle mamme sole",
        "Molte mamme sole {nel_quartiere} lavorano a chiamata e non riescono a conciliare i turni con i figli. "
        "Servirebbe una rete di aiuto: accompagnamento a scuola, baby-sitting a prezzi bassi e un gruppo di "
        "mutuo aiuto.",
    ),
    (
        C.OTHER,
        "Una sede comune per le associazioni del quartiere",
        "{Nel_quartiere} parrocchie, società sportive e gruppi di volontari fanno tanto, ma ognuno per conto suo "
        "e senza una sede. Chiediamo uno spazio comune, anche un locale comunale inutilizzato, dove riunirsi e "
        "organizzare attività insieme.",
    ),
    (
        C.WORK,
        "Aiuto per chi vuole aprire un'attività",
        "Ci sono giovani {nel_quartiere} che vorrebbero aprire una piccola attività (una sartoria, un "
        "laboratorio, un servizio di consegne) ma non sanno da dove cominciare. Servirebbero consulenza "
        "gratuita, microcredito e qualche locale a canone basso nei piani terra vuoti.",
    ),
    (
        C.HEALTH,
        "Un defibrillatore e corsi di primo soccorso",
        "{Dove} passano ogni giorno centinaia di persone ma non c'è un defibrillatore. Chiediamo di installarne "
        "uno e di organizzare corsi di primo soccorso per commercianti, insegnanti e volontari.",
    ),
    (
        C.MOBILITY,
        "Una pista ciclabile sicura verso il centro",
        "Per andare in bici dal quartiere al centro bisogna passare per strade a scorrimento veloce. Tanti "
        "studenti e lavoratori userebbero la bici se ci fosse un percorso protetto. Chiediamo una ciclabile e "
        "qualche rastrelliera {dove}.",
    ),
    (
        C.YOUNG_PEOPLE,
        "Sport gratuito per le ragazze",
        "Le ragazze {nel_quartiere} fanno pochissimo sport: le società chiedono quote troppo alte e molte "
        "famiglie non le lasciano uscire la sera. Chiediamo corsi gratuiti di pallavolo, danza e calcio "
        "femminile nel pomeriggio, in palestre vicine a casa.",
    ),
    (
        C.YOUNG_PEOPLE,
        "Educatori di strada per i ragazzi",
        "Ci sono gruppi di ragazzi che passano le giornate {dove} senza fare niente e a volte finiscono nei "
        "guai. Servirebbero educatori di strada che li conoscano, li ascoltino e li coinvolgano in attività e "
        "percorsi di formazione.",
    ),
    (
        C.EDUCATION,
        "Mensa e tempo pieno alla scuola primaria",
        "La scuola primaria {nel_quartiere} non ha il tempo pieno perché manca la mensa. Per molte famiglie "
        "questo significa bambini che pranzano da soli o un genitore che non può lavorare. Chiediamo di "
        "attrezzare la mensa e di attivare il tempo pieno.",
    ),
]

#: Sentences that residents add, to vary the texts.
CODAS = [
    "Lo scrivo anche a nome di altri genitori della scuola.",
    "Ne abbiamo parlato in assemblea di condominio e siamo tutti d'accordo.",
    "Siamo disponibili a dare una mano, anche come volontari.",
    "La situazione peggiora ogni anno.",
    "Se serve, possiamo raccogliere le firme dei residenti.",
    "Abito qui da più di vent'anni e non l'ho mai vista così.",
    "Ne ho parlato anche con il parroco e con l'associazione di quartiere.",
    "Grazie a chi vorrà sostenere questa proposta.",
]

# City slug → area name → (the neighbourhood with its preposition, places with theirs).
PLACES = {
    "bari": {
        "San Paolo": (
            "a San Paolo",
            [
                "in viale Europa",
                "in via Lombardia",
                "in via Toscana",
                "vicino alla chiesa di San Paolo",
                "vicino al mercato rionale",
            ],
        ),
        "Japigia": (
            "a Japigia",
            [
                "in viale Japigia",
                "in via Caldarola",
                "in via Gentile",
                "vicino alla parrocchia",
                "davanti alla scuola media",
            ],
        ),
        "Libertà": (
            "al Libertà",
            [
                "in corso Mazzini",
                "in piazza Redentore",
                "in via Crisanzio",
                "vicino all'ex Manifattura dei Tabacchi",
                "in via Manzoni",
            ],
        ),
        None: ("in città", ["vicino alla stazione centrale", "in piazza Umberto", "sul lungomare"]),
    },
    "napoli": {
        "Scampia": (
            "a Scampia",
            [
                "vicino alle Vele",
                "in viale della Resistenza",
                "in via Labriola",
                "nel parco Ciro Esposito",
                "vicino alla stazione della metro Piscinola-Scampia",
            ],
        ),
        "Rione Sanità": (
            "alla Sanità",
            [
                "in piazza Sanità",
                "in via Vergini",
                "in via dei Cristallini",
                "vicino al cimitero delle Fontanelle",
                "sotto il ponte della Sanità",
            ],
        ),
        "Ponticelli": (
            "a Ponticelli",
            [
                "in via Argine",
                "al Lotto zero",
                "nel rione De Gasperi",
                "vicino al parco De Filippo",
                "davanti alla scuola elementare",
            ],
        ),
        None: ("in città", ["in piazza Garibaldi", "vicino alla stazione centrale", "in via Foria"]),
    },
    "palermo": {
        "ZEN - San Filippo Neri": (
            "allo ZEN",
            [
                "in via Rocky Marciano",
                "in via Agnetta",
                "in via Luigi Einaudi",
                "tra le insulae dello ZEN 2",
                "vicino alla scuola Falcone",
            ],
        ),
        "Brancaccio": (
            "a Brancaccio",
            [
                "in via Hazon",
                "in corso dei Mille",
                "in piazza Anita Garibaldi",
                "vicino al centro Padre Nostro",
                "in via Giafar",
            ],
        ),
        "Albergheria - Ballarò": (
            "a Ballarò",
            [
                "al mercato di Ballarò",
                "in piazza del Carmine",
                "in via Albergheria",
                "in piazza Casa Professa",
                "in via Porta di Castro",
            ],
        ),
        None: ("in città", ["in via Maqueda", "vicino alla stazione centrale", "in via Roma"]),
    },
    "torino": {
        "Barriera di Milano": (
            "in Barriera di Milano",
            [
                "in corso Giulio Cesare",
                "in piazza Foroni",
                "in via Cigna",
                "in corso Palermo",
                "in via Monte Rosa",
            ],
        ),
        "Aurora": (
            "nel quartiere Aurora",
            ["in corso Brescia", "lungo la Dora", "in via Cecchi", "vicino a Porta Palazzo", "in via Aosta"],
        ),
        "Falchera": (
            "alla Falchera",
            [
                "nella Falchera Nuova",
                "nella Falchera Vecchia",
                "vicino al capolinea del tram 4",
                "vicino al lago della Falchera",
                "davanti alla scuola media",
            ],
        ),
        None: ("in città", ["vicino a Porta Nuova", "in via Nizza", "in corso Vittorio Emanuele II"]),
    },
    "foggia": {
        "Candelaro": (
            "nel quartiere Candelaro",
            [
                "vicino alla parrocchia del quartiere",
                "davanti alla scuola media",
                "nel parco giochi del quartiere",
                "alla fermata dell'autobus",
                "lungo la strada principale",
            ],
        ),
        "Rione Martucci": (
            "al rione Martucci",
            [
                "davanti alla scuola elementare",
                "nel giardino del rione",
                "vicino alla chiesa",
                "alla fermata dell'autobus",
                "nel cortile tra i palazzi",
            ],
        ),
        None: ("in città", ["vicino alla stazione", "in piazza Cavour", "in corso Vittorio Emanuele II"]),
    },
}

#: What staff answered when they moved a need on (demo status history).
ANSWERS = {
    "under_review": "Grazie per la segnalazione: l'ufficio competente sta verificando la situazione e ti "
    "aggiorneremo qui.",
    "being_addressed": "Il bisogno è stato inserito tra le priorità dell'area target: ne discuteremo nel "
    "prossimo laboratorio di co-progettazione.",
    "addressed": "L'intervento è stato completato. Grazie a chi ha segnalato e a chi ha partecipato.",
    "declined": "Non è di competenza del Comune: abbiamo inoltrato la segnalazione all'ente gestore degli alloggi.",
}


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def compose(template: tuple, dove: str, nel_quartiere: str, coda: str | None = None) -> tuple[str, str]:
    """Title and text of one need from a template and its places."""
    _category, title, body = template
    values = {"dove": dove, "Dove": cap(dove), "nel_quartiere": nel_quartiere, "Nel_quartiere": cap(nel_quartiere)}
    title = title.format(**values)
    if "{" not in template[1] and nel_quartiere != "in città":
        title = f"{title} {nel_quartiere}"
    body = body.format(**values)
    if coda:
        body = f"{body} {coda}"
    return title[:140], body
