"""The word lists the attribution analysis reads (`audit/attribution.py`).

Plain sets of lower-case words: reporting verbs, the heads of vague and named sources, and the
function words the analysis uses to find a source's edges. The defaults here can be extended
by rules (`vague_sources`, `speech_verbs`, `inference_verbs`).
"""

from __future__ import annotations

from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Reporting verbs (base forms): any subject may carry them.
SPEECH_VERBS = _words(
    """say tell state add note write explain argue warn claim confirm announce report accuse
    emphasize emphasise stress insist acknowledge admit estimate predict believe expect assert
    maintain contend counter observe caution describe characterize characterise testify tweet
    post conclude reveal disclose forecast recommend question criticize criticise praise comment
    remark reply respond concede allege complain fear worry think anticipate project agree deny
    dismiss reject urge propose recall speculate know see insist reckon caution hint bet betting
    whisper regard call lament fume tip brace doubt fret feel attribute paint advise suspect
    opine"""
)

# Inference verbs: attributions only with a source subject ("data show", not "this shows").
INFERENCE_VERBS = _words("suggest indicate show find signal point spot put imply")

# Base forms far more often nouns in news text ("state media", "the report", "a comment").
NOUN_LIKE_BASES = _words("state report post project counter question point comment remark")

PRONOUNS = _words("he she they it who")

DEFINITE = _words("the this that these those his her its their our")

POSSESSIVE = _words("his her its their our")

PLACED = _words("at in on across among within inside around from")  # "few at the ground"

POLL_NOUNS = _words("poll polls survey surveys")
SHARES = _words(
    """majority majorities minority minorities plurality most half third thirds quarter
    two-thirds three-quarters percent"""
)  # "Majorities of voters say", "57 percent of Republicans believe": a poll's finding

TIME_DEICTIC = _words("last this next earlier later past")
TIME_PERIODS = _words("week month year weekend quarter season spring summer autumn fall winter")
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")

PRESS_COMPOUNDS = _words(
    """secretary secretaries officer officers office release releases conference conferences
    aide aides corps pool association briefing"""
)  # "Press Secretary Amy Spitalnick", "a press release": not the press as a crowd

QUANTIFIERS = _words(
    """a an some many several most few various numerous multiple certain other others one two
    three four five dozens scores countless"""
)

DOCUMENT_NOUNS = _words(
    """report reports study studies data survey surveys poll polls analysis research figures
    statement filing document documents paper papers review estimate estimates count census
    audit assessment memo letter minutes transcript records trial trials index notice forecast
    forecasts projection projections"""
)

DEFAULT_VAGUE = _words(
    """analyst expert source observer critic insider official people person commentator pundit
    economist researcher scientist study research report survey watcher trader investor some
    many others everyone everybody several most industry diplomat authorities specialist
    strategist executive spokesperson spokesman spokeswoman onlooker rumor rumour speculation
    estimate data figures stakeholder proponent supporter skeptic sceptic advocate consultant
    professional veteran user resident local doctor physician nurse teacher parent farmer fan
    consumer shopper customer worker employee voter citizen homeowner driver patient traveler
    traveller engineer lawyer historian academic scholar environmentalist activist campaigner
    lawmaker legislator insider adviser advisor aide member commentariat watchdog groups
    whisper chatter buzz grapevine circles regular commuter passenger neighbour neighbor visitor
    attendee viewer listener reader follower bystander netizen rumbling murmur voice staff
    punter broker tipster sleuth pal friend confidant gossip reporter journalist finding poll
    leak render account dataminer leaker nutritionist dietitian dietician psychologist
    psychiatrist therapist dermatologist cardiologist neurologist pediatrician paediatrician
    dentist pharmacist physiotherapist epidemiologist virologist biologist sociologist pollster
    futurist mate forwarder shipper holder shareholder reviewer tester owner installer builder
    plumber electrician retailer landlord tenant"""
)

# Sources anonymous by nature: vague even when a named place or body follows ("insiders at the
# Bellfield Road club", "murmurs coming out of the Montevar boardroom", "sources at the ministry").
UNSPECIFIED = _words(
    "relevant concerned unspecified unnamed unconfirmed unverified itk"
)  # no one named

COLLECTIVE = frozenset(["wall street", "the street", "main street"])  # a crowd, not a source

ANONYMOUS = _words(
    """insider source murmur whisper chatter gossip rumour rumor buzz tipster pal friend confidant
    grapevine rumbling leak mate"""
)

# A source phrase containing one of these names an institution ("state media", "the ministry").
NAMED_HEADS = _words(
    """media television tv agency newspaper ministry government police court company department
    council parliament congress senate commission regulator exchange university hospital office
    bureau bank board institute center centre firm fund service administration"""
)

DEMONYMS = _words(
    """american americans u.s. us usa u.k. uk british chinese european western eastern asian
    african arab russian japanese korean indian german french global international local
    federal state national regional foreign domestic"""
)

# One-word country names: a place says where, not who ("according to reports in Norway").
COUNTRIES = _words(
    """afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan
    bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia
    botswana brazil brunei bulgaria burundi cambodia cameroon canada chad chile china colombia
    comoros congo croatia cuba cyprus czechia denmark djibouti dominica ecuador egypt eritrea
    estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece
    grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia iran iraq
    ireland israel italy jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait kyrgyzstan
    laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar
    malawi malaysia maldives mali malta mauritania mauritius mexico micronesia moldova monaco
    mongolia montenegro morocco mozambique myanmar namibia nauru nepal netherlands nicaragua
    niger nigeria norway oman pakistan palau palestine panama paraguay peru philippines poland
    portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia
    slovenia somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania
    thailand togo tonga tunisia turkey türkiye turkmenistan tuvalu uganda ukraine uruguay
    uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe england scotland wales europe
    asia africa"""
)

NON_NAMES = _words(
    """ceo cfo cto coo chief president minister secretary spokesperson official january february
    march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday telegram reddit twitter facebook instagram tiktok
    youtube whatsapp discord weibo wechat linkedin bluesky"""
)

BOUNDARY_WORDS = _words(
    """that which while as because when if although though but so and or whereas since after
    before where what whether than"""
)

DETERMINERS = DEFINITE | QUANTIFIERS

INSTITUTIONAL = _words("official authority spokesperson spokesman spokeswoman executive aide staff")

UNNAMING = _words(
    "senior top unnamed anonymous some other former current administration government western "
    "local industry many several"
)

COPULAS = _words("is are was were be been being")

CLAUSE_VERBS = COPULAS | _words("can could will would may might must should shall")

PERSONAL = _words("we you i us me")

ROLE_SUFFIXES = (
    "or",
    "ors",
    "er",
    "ers",
    "ist",
    "ists",
    "ian",
    "ians",
    "ant",
    "ants",
    "ent",
    "ents",
)

NOT_ROLES = _words(
    "never ever over under after other rather whether however together further later earlier "
    "either neither"
)  # end like "manager" or "reporter" but name no one

CLAUSE_PREPOSITIONS = _words("with for to after amid about against over under despite")

OF = _words("of in at around across from by on within among inside")

DEMONSTRATIVE = _words("this that these those")

PRONOUN_QUANTIFIERS = _words("many some several most all few others")

NOUN_MARKERS = _words(
    """the a an all some these this those many its their his her our my your any each every no
    such several other more most new"""
)

SKIP_WORDS = _words(
    """has have had also recently previously further then again repeatedly later earlier once
    still already will would could may might did does do not n't been reportedly publicly
    privately similarly separately last first long often frequently openly widely now even"""
)

ANAPHOR_NOUNS = _words(
    """comments comment remarks remark statement statements report study findings data figures
    survey analysis letter memo filing testimony announcement warning interview"""
)

SPECIFYING = _words(
    """presented published released filed issued prepared commissioned submitted obtained seen
    reviewed dated compiled posted"""
)

SECONDHAND = _words("report reports media newspaper outlet outlets")

NOUN_CAPABLE = _words(
    "note notes claim claims estimate estimates forecast forecasts reply replies tweet tweets "
    "fear fears worry worries praise counter signal signals point points show shows finds "
    "recall recalls"
)

AFTER_ADDED = frozenset(["that", ",", ".", ":", ";", '"', "”", "’", "—", "-", ""])

# Texts that govern what they describe: "under party rules", "under the 2019 act".
GOVERNING = _words(
    "rule law act regulation constitution statute term agreement treaty code guideline bylaw"
)

# "Corvane's most recent quarterly filing": "most" here grades an adjective, it counts no one
MOST_ADJECTIVES = _words("recent senior important popular influential prominent respected")

NUMBERS = _words("two three four five six seven eight nine ten both")

CALL_KINDS = _words("earnings conference phone video zoom investor investors press radio")

BEFORE_NOUNS = _words("in of for without into little beyond")  # not "heard from reckon"

CONTINUING = _words("continue continues continued continuing")

AFTER_POSTED = AFTER_ADDED | _words("on online to in")  # "posted on X that ..."

NEGATIONS = _words("never not n't")

VOICING = _words("raise raised raises raising voice voiced voices expressed express flagged")

MISGIVINGS = _words("concern concerns fear fears doubt doubts question questions alarm worries")

CITED = _words("described reported published outlined detailed cited presented")

# "called the opening a significant step": an evaluation pinned on the caller
CALLED_OBJECTS = _words("the a an this that these those it him her them his their its")

STANCE = _words(
    "adamant convinced confident certain insistent worried concerned"
)  # "are adamant that"

FRACTIONS = _words("one two three four five six seven eight nine half third quarter fifth")

RELATIVES = _words("where who whose which when")

PEOPLE = PRONOUN_QUANTIFIERS | {"one"}  # pronouns that stand for people

SENTENCE_ADVERBS = _words(
    """however meanwhile still yet instead also separately additionally moreover furthermore
    nonetheless nevertheless indeed now then today yesterday"""
)

RELATIVE_HEADS = _words("those people anyone everyone")

CLAUSE_BREAKS = _words("because and but while as when if that since although though so or")

UNNAMED_MEDIA = _words("local foreign some various multiple several western international social")

# Reporting verbs that are never part of a noun phrase: a subject never runs back past them.
SAID = _words("said says told tells wrote writes added adds insisted argued warned claimed")
# One document a lead may describe before naming it: "according to a new study".
ONE_DOCUMENT = _words("study survey report analysis paper review audit poll trial assessment")
# Street names: "on Market Street" says where, not who.
STREETS = _words("street road avenue lane square boulevard drive parade terrace row quay")
# Official statistics a reader can look up: "census data", "the land registry".
OFFICIAL_SERIES = _words("census censuses registry")
SPECIFIC_DOCUMENTS = _words("statement filing release announcement transcript lawsuit ruling")

FAMILIAR = _words("familiar close briefed knowledge involved privy")


@lru_cache(maxsize=64)
def verb_forms(verbs: frozenset[str]) -> frozenset[str]:
    """Inflected forms of reporting verbs (say -> says, said, saying)."""
    irregular = {
        "say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "find": ["found"],
        "think": ["thought"], "show": ["shown"], "forecast": ["forecast"],
        "know": ["knew", "known"], "see": ["saw", "seen"], "spot": ["spotted", "spotting"],
        "tip": ["tipped", "tipping"], "fret": ["fretted", "fretting"], "feel": ["felt"],
    }  # fmt: skip
    forms: set[str] = set()
    for v in verbs:
        forms.add(v)
        forms.update(irregular.get(v, []))
        if v.endswith("y") and v[-2:] not in ("ay", "ey", "oy"):
            forms.update({v[:-1] + "ies", v[:-1] + "ied", v + "ing"})
        elif v.endswith("e"):
            forms.update({v + "s", v + "d", v[:-1] + "ing"})
        elif v.endswith(("s", "sh", "ch", "x")):
            forms.update({v + "es", v + "ed", v + "ing"})
        else:
            forms.update({v + "s", v + "ed", v + "ing"})
    return frozenset(forms - NOUN_LIKE_BASES)


MENTAL = verb_forms(_words("think know see fear worry"))
