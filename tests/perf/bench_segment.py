"""Accuracy and throughput benchmark for audit.segment (and pysbd, if installed).

Run from the repository root:

    python tests/perf/bench_segment.py

pysbd is optional (``pip install pysbd``); it is not a project dependency and is
skipped when it cannot be imported. Accuracy is measured on hand-written gold
paragraphs; throughput on those paragraphs repeated to about 2 MB (median of 5 runs).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from audit.segment import split_sentences

Spans = list[tuple[int, int]]
Splitter = Callable[[str], Spans]


def para(*sentences: str, sep: str = " ") -> tuple[str, Spans]:
    """A gold paragraph: its text and its sentence spans."""
    spans: Spans = []
    pos = 0
    for i, sentence in enumerate(sentences):
        if i:
            pos += len(sep)
        spans.append((pos, pos + len(sentence)))
        pos += len(sentence)
    return sep.join(sentences), spans


GOLD: list[tuple[str, Spans]] = [
    para(
        "Beijing said it would impose new tariffs on goods from the U.S.",
        "The move came hours after Washington tightened export controls.",
    ),
    para(
        "The U.S. Trade Representative met her counterpart in Geneva on Tuesday.",
        "No agreement was reached.",
    ),
    para(
        "Exports to the U.S. fell 4.2% in March.",
        "But shipments to the U.K. rose for a third month.",
    ),
    para(
        "Dr. Lena Park, who leads the study, said the early data were encouraging.",
        "Mr. Ruiz and Mrs. Ruiz declined to comment.",
        "Ms. Adeyemi did not respond to a request for comment.",
    ),
    para(
        "Sen. Lisa Moran and Rep. Carl Ives introduced the bill on Thursday.",
        "Gov. Ellen Tate said she would sign it.",
    ),
    para(
        "Gen. Robert Hale and Lt. Col. Maya Chen briefed reporters at the base.",
        "Capt. Owen Price said the drills would continue through the weekend.",
    ),
    para(
        "Prof. Anita Rao of the university said the trend was clear.",
        "She has studied the region since 2004.",
    ),
    para(
        "The clinic moved to St. Paul last year.",
        "It now serves about 3,000 patients a month.",
    ),
    para(
        "The fire started in a restaurant on Grand Ave. and spread to two buildings.",
        "Nobody was hurt.",
    ),
    para(
        "Samuel Ortiz Jr. won the seat by 212 votes.",
        "His father, Samuel Ortiz Sr., held it for two decades.",
    ),
    para(
        "Shares of Vantage Inc. fell 6% after the company cut its forecast.",
        "Rival Keller Corp. gained 2%.",
    ),
    para(
        "The contract went to Brightline Ltd.",
        "The company did not disclose the price.",
    ),
    para(
        "The property is owned by Marsh Holding Co.",
        "It was bought in 2018 for $14 million.",
    ),
    para(
        "The case, Ellison vs. the State Board, is scheduled for June.",
        "Both sides have asked for a delay.",
    ),
    para(
        "Volunteers handed out water, blankets, tents, etc.",
        "More supplies are expected on Friday.",
    ),
    para(
        "Several cities, e.g. Denver and Austin, have adopted the rule.",
        "Others, i.e. those without a transit agency, have not.",
    ),
    para(
        "The school is ranked No. 3 in the state.",
        "It was No. 11 five years ago.",
    ),
    para(
        "Inflation slowed to 3.1% in April from 3.5% in March.",
        "The central bank kept its key rate at 5.25%.",
    ),
    para(
        "The company raised $1.2 billion in its first bond sale.",
        "Analysts had expected about $900 million.",
    ),
    para(
        "The update, v2.0, was released on Jan. 9.",
        "A patch followed on Feb. 2 after users reported crashes.",
    ),
    para("The trial was postponed from Sept. 14 to Oct. 3 at the request of the defense."),
    para(
        "The polls open at 7 a.m.",
        "Results are expected after 10 p.m. on Tuesday.",
    ),
    para(
        "The shuttle is scheduled to launch at 6:15 a.m. Eastern time on Saturday.",
        "Forecasters give it a 70% chance of good weather.",
    ),
    para(
        "J.K. Rowling announced a new novel on Monday.",
        "The book will be published in September.",
    ),
    para(
        "The airport named after John F. Kennedy handled 62 million passengers last year.",
        "Traffic is still below its 2019 peak.",
    ),
    para(
        "The mayor paused...",
        "Then she said the city could not afford the plan.",
    ),
    para(
        "Officials were, in the words of one aide, stunned… and a little relieved.",
        "The vote is set for next week.",
    ),
    para(
        "The full report is posted at www.cityhall.example.gov/reports/budget.pdf for residents.",
        "Comments can be sent to budget@cityhall.example.gov.",
    ),
    para(
        'Asked whether the strike would end soon, the union leader said, "Not this week."',
        "Talks resume on Monday.",
    ),
    para(
        '"Is this the best we can do?" the councilor asked.',
        "Nobody answered.",
    ),
    para(
        '"We will rebuild!"',
        "The crowd cheered as the mayor spoke.",
    ),
    para(
        "“The deal is done,” the minister said.",
        "“It took two years.”",
        "Markets rose on the news.",
    ),
    para(
        "She described the decision as ‘a serious mistake.’",
        "The board has not responded.",
    ),
    para(
        "The plant closed in 2020.",
        "(It reopened a year later under new owners.)",
        "About 400 people work there now.",
    ),
    para(
        "What went wrong?",
        "Investigators are still trying to find out.",
        "The answer may take months!",
    ),
    para(
        "The river crested at 9.4 meters.",
        "Evacuation orders remain in place.",
        sep="   ",
    ),
    para(
        "Storm cuts power to thousands\nCrews worked through the night to restore service.",
        "Most homes had electricity by noon.",
        sep="\n",
    ),
    para("Central bank holds rates steady as inflation cools"),
    para(
        "Rain fell for 14 hours.",
        "Two bridges were closed.",
        sep="\r\n",
    ),
    para(
        "The report was written by A. B. Carter and the late W. E. Dunn.",
        "It runs to 300 pages.",
    ),
    para(
        "Police said the suspect, 34, was arrested at 11 p.m.",
        "He is due in court on Wednesday.",
    ),
    para(
        "The minister's office said talks with the U.S. would resume in the spring.",
        "A date has not been set.",
    ),
    para(
        "The measure passed 52-48.",
        "It now goes to the House.",
        "The White House said the president would sign it.",
    ),
    para(
        "Output at the Gdansk yard rose 8.5% in the quarter, the company said.",
        "Orders for new vessels were flat.",
    ),
    para(
        "The festival drew 40,000 people, up from 25,000 in 2023.",
        "Organizers said they would add a third stage next year.",
        "Tickets go on sale in Dec.",
    ),
    para(
        "He joined Fairview Bros. as an apprentice in 1988.",
        "By 2001 he was running the firm.",
    ),
    para(
        "Where will the money come from?",
        "The budget office did not say.",
    ),
    para(
        "“Why now?” asked one resident at the meeting.",
        "Officials said the timing was set by the state.",
    ),
]


# Written after the splitter's rules were frozen and never used to tune them: an
# out-of-sample check on the in-sample GOLD figures above.
HELD_OUT: list[tuple[str, Spans]] = [
    para(
        "The ferry left Portsmouth at 8:40 a.m.",
        "Passengers were told to expect delays.",
        "Some waited more than three hours.",
    ),
    para(
        "Acme Widgets Co. Chairman Paul Grant called the ruling unfair.",
        "He said the firm would appeal.",
    ),
    para(
        "The victims were taken to St. Mary's Hospital in Tacoma, Wash.",
        "Two were listed in critical condition.",
    ),
    para(
        "Turnout reached 64% in Fulton County, Ga.",
        "Officials called it a record.",
    ),
    para(
        "Asked about the delay, she shrugged.",
        '"What can we do?" she said.',
        "The project is now two years behind schedule.",
    ),
    para(
        "The Fed's decision surprised few on Wall Street.",
        "Still, the Dow fell 1.3% by the close.",
        "Treasury yields rose to 4.6%.",
    ),
    para(
        "Dr. Patel said the vaccine was safe.",
        "Dr. Olsen, a critic, disagreed.",
        "Neither would say more.",
    ),
    para(
        "The list includes the U.S., Canada and Japan.",
        "China is not on it.",
    ),
    para(
        "Police found the car near 5th Ave. and 42nd St. on Sunday morning.",
        "The driver had fled.",
    ),
    para(
        "Lawmakers return on Sept. 8.",
        "They face a deadline at the end of the month.",
    ),
    para(
        "The ruling (No. 22-1187) is final.",
        "It cannot be appealed.",
    ),
    para(
        "Why did the plan fail?",
        "Former aides point to the budget.",
        "Others blame the weather…",
        "Nobody agrees.",
    ),
]


def own_splitter(text: str) -> Spans:
    """audit.segment on one paragraph."""
    return split_sentences(text)


def make_pysbd_splitter() -> Splitter | None:
    """A span-returning wrapper around pysbd, or None if it is not installed."""
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False)

    def split(text: str) -> Spans:
        spans: Spans = []
        pos = 0
        for sentence in segmenter.segment(text):
            piece = sentence.strip()
            if not piece:
                continue
            s = text.find(piece, pos)
            if s < 0:
                continue
            spans.append((s, s + len(piece)))
            pos = s + len(piece)
        return spans

    return split


def boundaries(spans: Spans) -> set[int]:
    """Interior sentence boundaries: the start of every sentence after the first."""
    return {s for s, _ in spans[1:]}


def accuracy(
    split: Splitter, gold_set: list[tuple[str, Spans]]
) -> tuple[float, float, float, float, list[int]]:
    """Exact-match paragraph accuracy, boundary precision, recall and F1, failures."""
    exact = tp = fp = fn = 0
    failures: list[int] = []
    for i, (text, gold) in enumerate(gold_set):
        got = split(text)
        if got == gold:
            exact += 1
        else:
            failures.append(i)
        g, p = boundaries(gold), boundaries(got)
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return exact / len(gold_set), precision, recall, f1, failures


def big_corpus(target_bytes: int = 2_000_000) -> list[str]:
    """The gold paragraphs repeated in order until their UTF-8 size reaches the target."""
    paragraphs: list[str] = []
    size = 0
    while size < target_bytes:
        for text, _ in GOLD:
            paragraphs.append(text)
            size += len(text.encode("utf-8")) + 2
    return paragraphs


def throughput(split: Splitter, paragraphs: list[str], runs: int = 5) -> tuple[float, float]:
    """Median MB/s and sentences/s over `runs` passes, one call per paragraph."""
    megabytes = sum(len(p.encode("utf-8")) for p in paragraphs) / 1e6
    times: list[float] = []
    count = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        count = sum(len(split(p)) for p in paragraphs)
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    return megabytes / median, count / median


def own_document_throughput(paragraphs: list[str], runs: int = 5) -> tuple[float, float]:
    """Median MB/s and sentences/s for audit.segment given offsets into one document."""
    document = "\n\n".join(paragraphs)
    ranges: Spans = []
    pos = 0
    for p in paragraphs:
        ranges.append((pos, pos + len(p)))
        pos += len(p) + 2
    megabytes = len(document.encode("utf-8")) / 1e6
    times: list[float] = []
    count = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        count = sum(len(split_sentences(document, s, e)) for s, e in ranges)
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    return megabytes / median, count / median


def print_accuracy(
    label: str, gold_set: list[tuple[str, Spans]], splitters: dict[str, Splitter]
) -> None:
    """Print the accuracy table of every splitter on one gold set."""
    n_sentences = sum(len(spans) for _, spans in gold_set)
    print(f"{label}: {len(gold_set)} paragraphs, {n_sentences} sentences")
    print(f"{'splitter':<15}{'exact':>8}{'P':>8}{'R':>8}{'F1':>8}  failing paragraphs")
    for name, split in splitters.items():
        exact, precision, recall, f1, failures = accuracy(split, gold_set)
        print(
            f"{name:<15}{exact:>8.1%}{precision:>8.3f}{recall:>8.3f}{f1:>8.3f}  {failures or '-'}"
        )
    print()


def main() -> None:
    """Print accuracy and throughput for each available splitter."""
    splitters: dict[str, Splitter] = {"audit.segment": own_splitter}
    pysbd_split = make_pysbd_splitter()
    if pysbd_split is None:
        print("pysbd not installed: skipped (pip install pysbd to compare)")
    else:
        splitters["pysbd"] = pysbd_split

    for label, gold_set in (("Gold", GOLD), ("Held-out", HELD_OUT)):
        print_accuracy(label, gold_set, splitters)

    paragraphs = big_corpus()
    size = sum(len(p.encode("utf-8")) for p in paragraphs) / 1e6
    print(f"Throughput on {size:.2f} MB ({len(paragraphs)} paragraphs), median of 5 runs")
    for name, split in splitters.items():
        mb_s, sent_s = throughput(split, paragraphs)
        print(f"{name:<15}{mb_s:>10.2f} MB/s{sent_s:>14,.0f} sentences/s")
    mb_s, sent_s = own_document_throughput(paragraphs)
    print(f"{'audit.segment*':<15}{mb_s:>10.2f} MB/s{sent_s:>14,.0f} sentences/s")
    print("* offsets into one document (start/end per paragraph), as the caller uses it")


if __name__ == "__main__":
    main()
