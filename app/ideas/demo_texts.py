"""Hand-written Italian ideas for the demo, by the category of the need they answer.

Each template is ``(title, summary, body)``; ``body`` is limited Markdown. ``EARLIER`` gives
a first draft for a few of them (the demo keeps it as an earlier version), ``STAGE_NOTES``
what staff or facilitators wrote when the idea moved on.
"""

from __future__ import annotations

from app.models import IdeaStage
from app.models import NeedCategory as C

IDEAS = {
    C.YOUNG_PEOPLE: [
        (
            "Sala prove e studio di registrazione per i ragazzi",
            "Una sala prove insonorizzata e un piccolo studio di registrazione, gestiti insieme ai ragazzi, "
            "aperti il pomeriggio e il sabato.",
            "Tanti ragazzi del quartiere fanno musica con il telefono e non hanno un posto dove suonare.\n\n"
            "Proponiamo di recuperare un locale al piano terra e di attrezzarlo con:\n\n"
            "- una sala prove insonorizzata con batteria e amplificatori;\n"
            "- un piccolo studio per registrare e montare;\n"
            "- un calendario gestito da un gruppo di ragazzi con un educatore.\n\n"
            "Chi usa la sala si impegna a restituire qualche ora: corsi per i più piccoli, concerti nel cortile.",
        ),
        (
            "Educativa di strada con i ragazzi della piazza",
            "Due educatori presenti tre sere a settimana dove i ragazzi già si ritrovano, per costruire con "
            "loro attività e progetti.",
            "Invece di aspettare che i ragazzi vengano in un centro, andiamo noi da loro. Due educatori, un "
            "furgone attrezzato con giochi, casse e materiale sportivo, tre sere a settimana.\n\n"
            "Dopo qualche mese i ragazzi scelgono cosa fare: un torneo, un murale, un viaggio. L'obiettivo è "
            "agganciare chi ha lasciato la scuola e accompagnarlo verso un corso o un tirocinio.",
        ),
        (
            "Palestra popolare nel seminterrato della scuola",
            "Boxe, calisthenics e ginnastica a prezzi simbolici, con istruttori volontari e orari serali.",
            "Il seminterrato della scuola è chiuso da anni. Con poche opere (luce, bagni, tappetini) diventa "
            "una palestra popolare: boxe, calisthenics, ginnastica dolce per gli adulti.\n\n"
            "La quota è simbolica, chi non può paga con qualche ora di volontariato. Gli istruttori sono "
            "volontari delle associazioni sportive del quartiere.",
        ),
    ],
    C.EDUCATION: [
        (
            "Doposcuola con gli studenti universitari",
            "Studenti universitari seguono i ragazzi delle medie tre pomeriggi a settimana, in cambio di "
            "crediti formativi.",
            "Proponiamo un accordo tra scuola, università e Comune: gli studenti che fanno il doposcuola "
            "ottengono crediti di tirocinio.\n\n"
            "Ogni studente segue due o tre ragazzi per tutto l'anno, così si crea un rapporto. Una volta al mese "
            "incontro con le famiglie e gli insegnanti per capire come va.",
        ),
        (
            "Biblioteca di quartiere aperta la sera",
            "Trasformare la sala lettura chiusa in una biblioteca aperta fino alle 22, con un angolo per lo "
            "studio e uno per i bambini.",
            "Chi lavora o studia non trova mai la biblioteca aperta. Con volontari formati e un bibliotecario "
            "del Comune la sala può restare aperta la sera.\n\n"
            "Oltre ai libri: wi-fi, prese per i computer, letture per bambini il sabato mattina, un gruppo di "
            "lettura per adulti.",
        ),
        (
            "Scuola aperta il pomeriggio",
            "Aprire la scuola dopo le lezioni per laboratori di musica, teatro, robotica e sport, con le "
            "associazioni del quartiere.",
            "Le scuole sono gli edifici più belli del quartiere e restano chiuse metà della giornata. "
            "Proponiamo un patto tra scuola, associazioni e Comune per tenerle aperte fino alle 19.\n\n"
            "Ogni associazione porta un laboratorio; la scuola mette gli spazi; il Comune copre pulizie e "
            "custodia.",
        ),
    ],
    C.ELDERLY: [
        (
            "Portierato sociale nel palazzo",
            "Un portiere sociale che conosce gli anziani del palazzo, fa piccole commissioni e chiama aiuto "
            "quando serve.",
            "In molti palazzi vivono anziani soli. Un portiere sociale, presente la mattina, può:\n\n"
            "- ritirare ricette e fare piccole commissioni;\n"
            "- accompagnare alle visite;\n"
            "- accorgersi se qualcuno non si vede da giorni.\n\n"
            "Il servizio può essere affidato a una cooperativa sociale che assume persone del quartiere.",
        ),
        (
            "Pranzi condivisi al centro anziani",
            "Due pranzi a settimana cucinati insieme da anziani e volontari, aperti a chi vive solo.",
            "Mangiare da soli tutti i giorni è una delle cose che pesa di più. Proponiamo due pranzi a "
            "settimana nel centro anziani, cucinati insieme, con la spesa fatta al mercato rionale.\n\n"
            "Chi non può muoversi riceve il pranzo a casa da un volontario, che resta a fare due chiacchiere.",
        ),
        (
            "Nonni e nipoti digitali",
            "I ragazzi delle superiori insegnano agli anziani a usare telefono, SPID e prenotazioni online.",
            "Gli anziani non riescono a prenotare una visita o a vedere le analisi online. I ragazzi delle "
            "superiori possono aiutarli, un pomeriggio a settimana, nel centro anziani o in biblioteca.\n\n"
            "I ragazzi ottengono ore di PCTO; gli anziani raccontano in cambio la storia del quartiere, che "
            "diventa un piccolo archivio.",
        ),
    ],
    C.WORK: [
        (
            "Cucina di quartiere per formare aiuto cuochi",
            "Una cucina professionale dove donne e giovani imparano il mestiere e preparano pasti per le mense "
            "sociali.",
            "Proponiamo di attrezzare una cucina professionale in un locale comunale. I corsi durano tre mesi "
            "e si chiudono con un tirocinio in un ristorante della zona.\n\n"
            "Durante il corso la cucina prepara pasti per le mense sociali: chi impara lavora davvero, e il "
            "servizio copre una parte dei costi.",
        ),
        (
            "Sportello lavoro nel mercato",
            "Un banco nel mercato rionale dove si trovano offerte di lavoro, aiuto per il curriculum e corsi brevi.",
            "Al centro per l'impiego non ci va nessuno, al mercato ci vanno tutti. Un banco aperto due mattine "
            "a settimana, con un operatore e un volontario, può aiutare a scrivere il curriculum, iscriversi ai "
            "corsi, rispondere alle offerte delle imprese della zona.",
        ),
        (
            "Laboratorio di sartoria e riparazioni",
            "Una sartoria sociale che forma donne del quartiere e ripara abiti a prezzi bassi.",
            "Molte donne del quartiere sanno cucire ma non hanno mai trasformato questa capacità in un lavoro. "
            "Una sartoria sociale con macchine professionali e una sarta esperta può formarle in sei mesi.\n\n"
            "Il laboratorio ripara abiti per il quartiere e lavora su commessa per negozi e teatri.",
        ),
    ],
    C.HEALTH: [
        (
            "Ambulatorio di prossimità una volta a settimana",
            "Medici e infermieri volontari in un locale del quartiere per controlli, vaccini e consigli.",
            "Proponiamo un ambulatorio aperto il martedì pomeriggio, con medici volontari e un infermiere "
            "dell'ASL: misurazione della pressione, glicemia, vaccini, orientamento ai servizi.\n\n"
            "Il locale può essere quello della parrocchia o un negozio sfitto del Comune.",
        ),
        (
            "Gruppi di cammino per la salute",
            "Camminate di gruppo guidate, tre mattine a settimana, per anziani e persone con malattie croniche.",
            "Camminare insieme fa bene al corpo e all'umore. Con un walking leader formato dall'ASL si parte "
            "alle 9 dalla piazza e si fa un giro di un'ora.\n\nCosta pochissimo e porta fuori casa chi "
            "altrimenti non uscirebbe.",
        ),
    ],
    C.FAMILIES: [
        (
            "Spazio mamme e bambini 0-3 anni",
            "Uno spazio accogliente dove i genitori con bimbi piccoli si incontrano, con un'educatrice e "
            "un'ostetrica una volta a settimana.",
            "Chi ha un bambino piccolo spesso resta chiusa in casa. Proponiamo uno spazio aperto quattro "
            "mattine a settimana, con giochi, fasciatoio e un'educatrice.\n\n"
            "Una volta a settimana passa l'ostetrica del consultorio: allattamento, sonno, svezzamento.",
        ),
        (
            "Banco di scambio per vestiti e giocattoli dei bambini",
            "Un locale dove le famiglie lasciano e prendono vestiti, passeggini e giochi che i bambini non usano più.",
            "I bambini crescono in fretta e le famiglie spendono tanto. Un banco di scambio gestito da "
            "volontari, aperto il sabato, permette di lasciare ciò che non serve e prendere ciò che serve.\n\n"
            "Niente soldi: si porta e si prende.",
        ),
        (
            "Centro estivo a prezzi accessibili",
            "Un centro estivo nel cortile della scuola, con tariffe in base all'ISEE e posti riservati alle "
            "famiglie in difficoltà.",
            "D'estate chi lavora non sa dove lasciare i figli. Proponiamo un centro estivo di sei settimane "
            "nel cortile della scuola, con animatori delle associazioni del quartiere, tariffe in base "
            "all'ISEE e il pranzo incluso.",
        ),
    ],
    C.CULTURE: [
        (
            "Cinema all'aperto nel cortile",
            "Proiezioni gratuite d'estate nel cortile delle case popolari, con film scelti dagli abitanti.",
            "Un telo, un proiettore e qualche sedia bastano. Ogni giovedì di luglio e agosto un film scelto "
            "con una votazione tra gli abitanti.\n\n"
            "Prima del film, cortometraggi girati dai ragazzi del laboratorio video.",
        ),
        (
            "Teatro di comunità con gli abitanti",
            "Un laboratorio teatrale aperto a tutte le età che porta in scena le storie del quartiere.",
            "Proponiamo un laboratorio teatrale di un anno, due sere a settimana, con una compagnia "
            "professionale. Le storie le raccolgono gli abitanti stessi, intervistando i vicini.\n\n"
            "Lo spettacolo finale va in scena in piazza.",
        ),
        (
            "Murales partecipati sulle facciate cieche",
            "Artisti e abitanti disegnano insieme i murales sulle facciate grigie dei palazzi.",
            "Le facciate cieche dei palazzi possono diventare una galleria a cielo aperto. Ogni murale nasce "
            "da incontri con gli abitanti del palazzo, che scelgono il tema con l'artista.\n\n"
            "I ragazzi del quartiere lavorano come assistenti e imparano il mestiere.",
        ),
    ],
    C.PUBLIC_SPACE: [
        (
            "Adozione delle aiuole da parte dei residenti",
            "I residenti adottano le aiuole abbandonate con un patto di collaborazione col Comune.",
            "Proponiamo un patto di collaborazione: il Comune fornisce terra, piante e attrezzi, i residenti si "
            "occupano delle aiuole. Ogni aiuola ha un cartello con il nome di chi la cura.\n\n"
            "Due volte l'anno una giornata di lavoro insieme, con pranzo condiviso.",
        ),
        (
            "Piazza dei giochi per tutte le età",
            "Rifare la piazza con giochi inclusivi, panchine all'ombra e un piccolo campo da basket.",
            "La piazza oggi è solo un parcheggio. Con una progettazione fatta insieme ai bambini della scuola "
            "può diventare il salotto del quartiere: giochi accessibili anche ai bambini con disabilità, "
            "alberi, panchine, una fontanella, un campo da basket.",
        ),
        (
            "Custodi del parco",
            "Un gruppo di abitanti e un'associazione aprono, chiudono e animano il parco ogni giorno.",
            "Il parco è chiuso o abbandonato. Proponiamo di affidarlo a un'associazione con un gruppo di "
            "custodi volontari: apertura e chiusura dei cancelli, piccole manutenzioni, attività per bambini "
            "nel fine settimana.",
        ),
    ],
    C.ENVIRONMENT: [
        (
            "Orto urbano condiviso",
            "Un orto diviso in parcelle per famiglie, scuole e anziani, con un compostatore di comunità.",
            "Un terreno comunale incolto può diventare un orto con venti parcelle. Le famiglie le ricevono "
            "per un anno; due sono riservate alla scuola e due al centro anziani.\n\n"
            "Il compostatore di comunità raccoglie l'umido del vicinato.",
        ),
        (
            "Riparatori di quartiere: il Repair Café",
            "Una volta al mese volontari esperti riparano elettrodomestici, biciclette e vestiti, insegnando "
            "come si fa.",
            "Buttiamo troppe cose che si potrebbero aggiustare. Il Repair Café è un pomeriggio al mese in cui "
            "chi sa riparare aiuta chi porta un oggetto rotto, e gli insegna.\n\n"
            "Servono un locale, qualche attrezzo e un caffè.",
        ),
        (
            "Isola ecologica mobile",
            "Un mezzo che passa ogni settimana in un punto fisso per raccogliere ingombranti e RAEE.",
            "Gli ingombranti si abbandonano perché l'isola ecologica è lontana. Un mezzo attrezzato che passa "
            "ogni sabato mattina in piazza risolve buona parte del problema.\n\n"
            "Con un'associazione si può aggiungere uno scambio di oggetti ancora utili.",
        ),
    ],
    C.MOBILITY: [
        (
            "Ciclofficina popolare",
            "Un'officina dove si impara a riparare la bici, si recuperano bici abbandonate e si prestano ai ragazzi.",
            "Proponiamo una ciclofficina aperta tre pomeriggi a settimana: attrezzi a disposizione, volontari "
            "che insegnano, bici abbandonate recuperate e date in prestito a chi non ne ha.\n\n"
            "Il sabato: uscite in bici con i ragazzi per conoscere la città.",
        ),
        (
            "Pedibus per andare a scuola a piedi",
            "Genitori e nonni volontari accompagnano i bambini a scuola a piedi lungo percorsi sicuri.",
            "Ogni mattina davanti alla scuola c'è il caos di auto. Il pedibus ha tre linee, con fermate e "
            "orari, e accompagnatori volontari con il gilet.\n\nAl Comune chiediamo attraversamenti rialzati "
            "e la segnaletica lungo i percorsi.",
        ),
        (
            "Navetta di quartiere per anziani",
            "Un pulmino a chiamata che porta gli anziani al mercato, in farmacia e alle visite.",
            "Per molti anziani la fermata dell'autobus è troppo lontana. Una navetta a chiamata, guidata da "
            "volontari del servizio civile, può fare il giro del quartiere due mattine a settimana.",
        ),
    ],
    C.SAFETY: [
        (
            "Luci e vita nelle strade la sera",
            "Negozi aperti più a lungo, eventi serali e illuminazione nuova per rendere le strade più vive e sicure.",
            "Le strade fanno paura quando sono vuote. Proponiamo un programma di eventi serali (mercatini, "
            "musica, sport) e un accordo con i negozi per restare aperti il venerdì sera.\n\n"
            "Al Comune chiediamo di sostituire i lampioni spenti con luci a LED.",
        ),
        (
            "Mediatori di strada nelle zone difficili",
            "Mediatori formati che conoscono il quartiere e aiutano a prevenire liti e conflitti.",
            "Tanti conflitti nascono da piccole cose: rumore, parcheggi, rifiuti. Due mediatori di strada, "
            "presenti il pomeriggio e la sera, possono intervenire prima che le cose degenerino e mettere in "
            "contatto le persone con i servizi.",
        ),
    ],
    C.HOUSING: [
        (
            "Sportello casa per inquilini in difficoltà",
            "Uno sportello che aiuta con sfratti, bollette, bandi per le case popolari e piccoli lavori.",
            "Chi rischia lo sfratto non sa a chi rivolgersi. Proponiamo uno sportello settimanale con un "
            "avvocato volontario e un operatore sociale: aiuto con i bandi, con le morosità, con le bollette.",
        ),
        (
            "Manutenzione condivisa nelle case popolari",
            "Piccoli lavori di manutenzione fatti da una squadra di abitanti formati e pagati.",
            "Nelle case popolari le piccole riparazioni aspettano mesi. Una squadra di abitanti formati "
            "(idraulica, elettricità, imbiancatura), assunti da una cooperativa, può fare gli interventi "
            "urgenti in pochi giorni.",
        ),
    ],
    C.DIGITAL: [
        (
            "Punto digitale di quartiere",
            "Computer, stampante e un facilitatore digitale per aiutare con SPID, pagamenti e pratiche online.",
            "Tante pratiche ormai si fanno solo online. Un punto digitale in biblioteca, aperto quattro "
            "pomeriggi, con un facilitatore: SPID, PagoPA, iscrizioni scolastiche, curriculum.\n\n"
            "Una volta al mese, corsi base per chi vuole imparare da solo.",
        ),
        (
            "Coding club per ragazze e ragazzi",
            "Laboratori di programmazione e robotica gratuiti, con attenzione a coinvolgere le ragazze.",
            "Proponiamo un coding club il sabato mattina: Scratch per i più piccoli, Python e Arduino per i "
            "più grandi. Metà dei posti è riservata alle ragazze.\n\n"
            "I computer possono arrivare dalle donazioni delle aziende, ricondizionati.",
        ),
    ],
    C.OTHER: [
        (
            "Casa di quartiere",
            "Un luogo aperto a tutti, gestito da una rete di associazioni, dove si trovano servizi, corsi e "
            "un bar sociale.",
            "Proponiamo di recuperare un edificio abbandonato e farne una casa di quartiere: una sala per "
            "incontri, spazi per le associazioni, un bar sociale che dà lavoro a persone svantaggiate.\n\n"
            "La gestione è affidata a una rete di associazioni con un patto con il Comune.",
        ),
        (
            "Emporio solidale",
            "Un piccolo supermercato dove le famiglie in difficoltà fanno la spesa con una tessera a punti.",
            "Invece dei pacchi alimentari, un emporio dove le famiglie scelgono cosa prendere, con una tessera "
            "a punti data dai servizi sociali. I prodotti arrivano dalle eccedenze della grande distribuzione e "
            "dalle donazioni.",
        ),
    ],
}

#: Earlier drafts (summary, body) of a few ideas, kept as versions by the demo.
EARLIER = {
    "Ciclofficina popolare": (
        "Un'officina dove si riparano le bici.",
        "Proponiamo una ciclofficina aperta il sabato, con qualche attrezzo e dei volontari.",
    ),
    "Orto urbano condiviso": (
        "Un orto per le famiglie del quartiere.",
        "Un terreno comunale incolto può diventare un orto con dieci parcelle per le famiglie.",
    ),
    "Casa di quartiere": (
        "Un luogo aperto a tutti dove si trovano servizi e corsi.",
        "Proponiamo di recuperare un edificio abbandonato e farne una casa di quartiere, con una sala per "
        "incontri e spazi per le associazioni.",
    ),
    "Doposcuola con gli studenti universitari": (
        "Studenti universitari aiutano i ragazzi delle medie con i compiti.",
        "Proponiamo che gli studenti universitari facciano il doposcuola ai ragazzi delle medie.",
    ),
    "Portierato sociale nel palazzo": (
        "Un portiere che aiuta gli anziani del palazzo.",
        "In molti palazzi vivono anziani soli. Un portiere sociale può aiutarli con le commissioni.",
    ),
    "Spazio mamme e bambini 0-3 anni": (
        "Uno spazio dove i genitori con bimbi piccoli si incontrano.",
        "Chi ha un bambino piccolo spesso resta chiusa in casa. Proponiamo uno spazio aperto due mattine a settimana.",
    ),
    "Punto digitale di quartiere": (
        "Un computer e qualcuno che aiuta con le pratiche online.",
        "Un punto digitale in biblioteca con un facilitatore, per SPID e pratiche online.",
    ),
    "Cucina di quartiere per formare aiuto cuochi": (
        "Corsi di cucina per chi cerca lavoro.",
        "Proponiamo di attrezzare una cucina in un locale comunale per corsi di tre mesi.",
    ),
}

STAGE_NOTES = {
    IdeaStage.IN_CODESIGN: [
        "L'idea ha raccolto molti sostegni: la portiamo al prossimo laboratorio di co-progettazione del "
        "quartiere, dove lavoreremo con le associazioni su spazi e costi.",
        "Ne parliamo al laboratorio di co-progettazione del mese prossimo: invitiamo chi l'ha proposta e "
        "chi si è offerto di aiutare.",
        "Abbiamo già due enti del Terzo settore interessati: si passa alla co-progettazione.",
    ],
    IdeaStage.READY_FOR_CALL: [
        "Il laboratorio ha definito attività, spazi e un primo budget: l'idea è pronta per l'avviso pubblico "
        "sull'innovazione sociale.",
        "La rete partenariale è formata e il verbale del laboratorio è approvato: l'idea può concorrere al "
        "prossimo avviso.",
    ],
    IdeaStage.IN_CALL: [
        "L'idea è tra le proposte ammissibili dell'avviso pubblico FSE+ in corso: le domande si chiudono a fine mese.",
        "È stata presentata una domanda sull'avviso a sportello: ora la valutazione.",
    ],
    IdeaStage.FUNDED: [
        "La domanda collegata a questa idea è stata finanziata con fondi FSE+: le attività partono entro tre mesi.",
        "Finanziata con fondi FESR per il recupero dello spazio e FSE+ per le attività.",
    ],
    IdeaStage.CARRIED_OUT: [
        "Il progetto si è concluso: i risultati sono pubblicati e il servizio continua con la rete di associazioni.",
    ],
}

SKILLS = [
    ("Falegnameria e piccoli lavori", "Il sabato mattina"),
    ("Grafica e social media", "Due sere a settimana"),
    ("Sono un'insegnante in pensione, posso aiutare con i compiti", "I pomeriggi dal lunedì al giovedì"),
    ("Cucina, ho lavorato vent'anni in un ristorante", "La mattina"),
    ("Traduzione arabo–italiano e mediazione", "Il fine settimana"),
    ("Idraulica ed elettricità", "Quando serve, con un giorno di preavviso"),
    ("Organizzazione di eventi", "Le sere e qualche domenica"),
    ("Giardinaggio", "Il sabato"),
    ("Contabilità e bandi", "Un pomeriggio a settimana"),
    ("Musica: suono la chitarra e so registrare", "Il venerdì sera"),
    ("", "Posso dare una mano a montare e smontare"),
]
