"""The Snowball Italian stemmer and stop words, as PostgreSQL's ``italian`` text-search
configuration applies them, so that SQLite search can ask for the same word stems.

PostgreSQL stems both the indexed text and the query; SQLite's FTS5 tokenizer does not stem.
``app.needs.search`` therefore stems each query word here and asks both databases for words
that *begin* with that stem (``"giardin"*`` in FTS5, ``giardin:*`` in a tsquery), which
finds the same needs (giardino, giardini, …) on both.

The algorithm is https://snowballstem.org/algorithms/italian/stemmer.html; the stop words
are PostgreSQL's ``tsearch_data/italian.stop`` (the Snowball list).
"""

from __future__ import annotations

STOP_WORDS = frozenset(
    """
    ad al allo ai agli all agl alla alle con col coi da dal dallo dai dagli dall dagl dalla
    dalle di del dello dei degli dell degl della delle in nel nello nei negli nell negl nella
    nelle su sul sullo sui sugli sull sugl sulla sulle per tra contro io tu lui lei noi voi
    loro mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre
    vostro vostra vostri vostre mi ti ci vi lo la li le gli ne il un uno una ma ed se perché
    anche come dov dove che chi cui non più quale quanto quanti quanta quante quello quelli
    quella quelle questo questi questa queste si tutto tutti a c e i l o ho hai ha abbiamo
    avete hanno abbia abbiate abbiano avrò avrai avrà avremo avrete avranno avrei avresti
    avrebbe avremmo avreste avrebbero avevo avevi aveva avevamo avevate avevano ebbi avesti
    ebbe avemmo aveste ebbero avessi avesse avessimo avessero avendo avuto avuta avuti avute
    sono sei è siamo siete sia siate siano sarò sarai sarà saremo sarete saranno sarei
    saresti sarebbe saremmo sareste sarebbero ero eri era eravamo eravate erano fui fosti fu
    fummo foste furono fossi fosse fossimo fossero essendo faccio fai facciamo fanno faccia
    facciate facciano farò farai farà faremo farete faranno farei faresti farebbe faremmo
    fareste farebbero facevo facevi faceva facevamo facevate facevano feci facesti fece
    facemmo faceste fecero facessi facesse facessimo facessero facendo sto stai sta stiamo
    stanno stia stiate stiano starò starai starà staremo starete staranno starei staresti
    starebbe staremmo stareste starebbero stavo stavi stava stavamo stavate stavano stetti
    stesti stette stemmo steste stettero stessi stesse stessimo stessero stando
    """.split()
)

_VOWELS = frozenset("aeiouàèìòù")
_AEIO = frozenset("aeioàèìò")

_PRONOUNS = sorted(
    """ci gli la le li lo mi ne si ti vi sene gliela gliele glieli glielo gliene mela mele meli
    melo mene tela tele teli telo tene cela cele celi celo cene vela vele veli velo vene""".split(),
    key=len,
    reverse=True,
)

_STEP1: dict[str, str] = {}
for _s in (
    "anza anze ico ici ica ice iche ichi ismo ismi abile abili ibile ibili ista iste isti "
    "istà istè istì oso osi osa ose mente atrice atrici ante anti"
).split():
    _STEP1[_s] = "r2"
for _s in "azione azioni atore atori".split():
    _STEP1[_s] = "azione"
for _s in "logia logie".split():
    _STEP1[_s] = "logia"
for _s in "uzione uzioni usione usioni".split():
    _STEP1[_s] = "uzione"
for _s in "enza enze".split():
    _STEP1[_s] = "enza"
for _s in "amento amenti imento imenti".split():
    _STEP1[_s] = "amento"
_STEP1["amente"] = "amente"
_STEP1["ità"] = "ita"
for _s in "ivo ivi iva ive".split():
    _STEP1[_s] = "ivo"
_STEP1_ORDER = sorted(_STEP1, key=len, reverse=True)

_VERBS = sorted(
    """ammo ando ano are arono asse assero assi assimo ata ate ati ato ava avamo avano avate avi
    avo emmo enda ende endi endo erà erai eranno ere erebbe erebbero erei eremmo eremo ereste
    eresti erete erò erono essero ete eva evamo evano evate evi evo Yamo iamo immo irà irai
    iranno ire irebbe irebbero irei iremmo iremo ireste iresti irete irò irono isca iscano isce
    isci isco iscono issero ita ite iti ito iva ivamo ivano ivate ivi ivo ono uta ute uti uto
    ar ir""".split(),
    key=len,
    reverse=True,
)

_ACUTE = str.maketrans({"á": "à", "é": "è", "í": "ì", "ó": "ò", "ú": "ù"})


def _prelude(word: str) -> str:
    chars = list(word.translate(_ACUTE).replace("qu", "qU"))
    for i in range(len(chars) - 2):
        if chars[i] in _VOWELS and chars[i + 2] in _VOWELS and chars[i + 1] in ("u", "i"):
            chars[i + 1] = chars[i + 1].upper()
    return "".join(chars)


def _gopast(word: str, start: int, vowel: bool) -> int | None:
    """The position just after the next vowel (or non-vowel) from ``start``, or None."""
    for i in range(start, len(word)):
        if (word[i] in _VOWELS) == vowel:
            return i + 1
    return None


def _regions(word: str) -> tuple[int, int, int]:
    n = len(word)
    rv = n
    if n >= 2:
        first, second = word[0] in _VOWELS, word[1] in _VOWELS
        if first and not second:
            rv = _gopast(word, 2, True) or n
        elif first and second:
            rv = _gopast(word, 2, False) or n
        elif not first and not second:
            rv = _gopast(word, 2, True) or n
        elif n >= 3:
            rv = 3
    r1 = r2 = n
    at = _gopast(word, 0, True)
    at = _gopast(word, at, False) if at is not None else None
    if at is not None:
        r1 = at
        at = _gopast(word, at, True)
        at = _gopast(word, at, False) if at is not None else None
        if at is not None:
            r2 = at
    return rv, r1, r2


def _attached_pronoun(w: str, rv: int) -> str:
    for pronoun in _PRONOUNS:
        if w.endswith(pronoun):
            before = w[: len(w) - len(pronoun)]
            for ending in ("ando", "endo", "ar", "er", "ir"):
                if before.endswith(ending):
                    if len(before) - len(ending) >= rv:
                        return before if len(ending) == 4 else before + "e"
                    return w
            return w
    return w


def _standard_suffix(w: str, rv: int, r1: int, r2: int) -> str | None:
    """Step 1; None when no suffix was removed (then step 2 runs)."""
    for suffix in _STEP1_ORDER:
        if not w.endswith(suffix):
            continue
        start = len(w) - len(suffix)
        kind = _STEP1[suffix]
        if kind == "amento":
            return w[:start] if start >= rv else None
        if kind == "amente":
            if start < r1:
                return None
            w = w[:start]
            for prefix in ("abil", "iv", "os", "ic"):
                if w.endswith(prefix):
                    p = len(w) - len(prefix)
                    if p >= r2:
                        w = w[:p]
                        if prefix == "iv" and w.endswith("at") and len(w) - 2 >= r2:
                            w = w[:-2]
                    break
            return w
        if start < r2:
            return None
        if kind == "r2":
            return w[:start]
        if kind == "logia":
            return w[:start] + "log"
        if kind == "uzione":
            return w[:start] + "u"
        if kind == "enza":
            return w[:start] + "ente"
        w = w[:start]
        if kind == "azione":
            if w.endswith("ic") and len(w) - 2 >= r2:
                w = w[:-2]
        elif kind == "ita":
            for prefix in ("abil", "ic", "iv"):
                if w.endswith(prefix):
                    if len(w) - len(prefix) >= r2:
                        w = w[: -len(prefix)]
                    break
        elif kind == "ivo":
            if w.endswith("at") and len(w) - 2 >= r2:
                w = w[:-2]
                if w.endswith("ic") and len(w) - 2 >= r2:
                    w = w[:-2]
        return w
    return None


def _verb_suffix(w: str, rv: int) -> str:
    for suffix in _VERBS:
        if w.endswith(suffix) and len(w) - len(suffix) >= rv:
            return w[: len(w) - len(suffix)]
    return w


def _vowel_suffix(w: str, rv: int) -> str:
    if w and w[-1] in _AEIO and len(w) - 1 >= rv:
        w = w[:-1]
        if w.endswith("i") and len(w) - 1 >= rv:
            w = w[:-1]
    if (w.endswith("ch") or w.endswith("gh")) and len(w) - 2 >= rv:
        w = w[:-1]
    return w


def stem(word: str) -> str:
    """The Snowball Italian stem of one lower-case word."""
    w = _prelude(word)
    rv, r1, r2 = _regions(w)
    w = _attached_pronoun(w, rv)
    step1 = _standard_suffix(w, rv, r1, r2)
    w = step1 if step1 is not None else _verb_suffix(w, rv)
    w = _vowel_suffix(w, rv)
    return w.replace("I", "i").replace("U", "u")


def lexeme(word: str) -> str | None:
    """What PostgreSQL's ``italian`` configuration indexes for ``word``: None for a stop word."""
    word = word.lower()
    if word in STOP_WORDS:
        return None
    return stem(word)
