#!/usr/bin/env python3
"""bench/bounds/gen.py BYTES [BIG_EVERY_MB] — writes about BYTES of JSON Lines
articles to stdout, generated here (never stored): short reports in English,
Indonesian and German built from sentence templates written for the project,
with places, weekdays and dates, some with a header date and some without, a
few with HTML left in, and every BIG_EVERY_MB megabytes (default 100) one long
article of 4 MB, so that the largest document is the same in every stream.
Deterministic: the same BYTES give the same bytes."""
import json
import random
import sys

PLACES = ("Kunduz Taloqan Pul-e-Khumri Andarab Ghazni Herat Zaranj Spin_Boldak Lashkar_Gah "
          "Faizabad Sheberghan Maimana Charikar Jalalabad Gardez Qalat Baghlan Takhar "
          "Badakhshan Panjshir Kandahar Helmand Balkh Jawzjan Faryab Nimroz Kabul").split(" ")
PLACES = [p.replace("_", " ") for p in PLACES]
EN = ["The Taliban captured {p} on {wd}, officials said.",
      "Government forces withdrew from {p} on {wd} night.",
      "Resistance fighters retook {p} from the Taliban, a local elder said.",
      "Fighting was reported near {p} on {mon} {d}, 2021.",
      "The Taliban reportedly besieged {p} earlier this week.",
      "Residents of {p} said shops had opened again.",
      "The Taliban have not taken {p}, according to the governor.",
      "Prices in {p} have doubled since the spring."]
ID = ["Taliban merebut {p} pada hari {wdi}, kata pejabat setempat.",
      "Pasukan pemerintah mundur dari {p} pada {wdi} malam.",
      "Pasukan perlawanan merebut kembali {p} dari Taliban.",
      "Pertempuran terjadi di dekat {p} pada {d} {moni} 2021.",
      "Warga {p} mengatakan pasar sudah dibuka kembali."]
DE = ["Die Taliban eroberten am {wdd} {p}, sagten Beamte.",
      "Regierungstruppen zogen sich am {d}. {mond} 2021 aus {p} zurück.",
      "In {p} wurde nach Angaben von Anwohnern gekämpft.",
      "Die Preise in {p} sind stark gestiegen."]
FILL = {"en": ["Analysts said the situation remained uncertain.", "Schools were closed for the time being.",
                "Aid agencies called for safe access to the province.", "Fuel prices doubled within a week.",
                "Many families were waiting for news of relatives."],
        "id": ["Para analis mengatakan situasi masih tidak menentu.", "Sekolah ditutup untuk sementara waktu.",
                "Banyak keluarga menunggu kabar dari kerabat mereka."],
        "de": ["Beobachter sprachen von einer unklaren Lage.", "Die Schulen blieben vorerst geschlossen.",
                "Viele Familien warteten auf Nachrichten von Angehörigen."]}
WD = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
WDI = "Senin Selasa Rabu Kamis Jumat Sabtu Minggu".split()
WDD = "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split()
MON = "June July August".split()
MONI = "Juni Juli Agustus".split()
MOND = "Juni Juli August".split()


def article(r, n):
    lang = r.choice(("en", "en", "id", "de"))
    tpl = {"en": EN, "id": ID, "de": DE}[lang]
    k = r.randrange(3)
    words = []
    for _ in range(r.randrange(5, 25)):
        if r.randrange(3):  # two sentences in three report nothing, as in real articles
            words.append(r.choice(FILL[lang]))
            continue
        words.append(r.choice(tpl).format(p=r.choice(PLACES), wd=WD[r.randrange(7)], wdi=WDI[r.randrange(7)],
                                          wdd=WDD[r.randrange(7)], mon=MON[k], moni=MONI[k], mond=MOND[k],
                                          d=r.randrange(1, 29)))
    text = " ".join(words)
    if r.randrange(20) == 0:
        text = "<p>" + text.replace(". ", ".</p>\n<p>", 3) + "</p> &amp; more"
    rec = {"id": "gen-%d" % n, "lang": lang, "text": text}
    if r.randrange(2):
        rec["date"] = "2021-%02d-%02d" % (6 + k, r.randrange(1, 29))
    return json.dumps(rec, ensure_ascii=False) + "\n"


def main():
    total = int(sys.argv[1])
    big_every = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    r = random.Random(6)
    pool = [article(r, i).encode("utf-8") for i in range(4000)]
    # the long article: 4 MB of the same kind of text in one line
    body = " ".join(r.choice(EN).format(p=r.choice(PLACES), wd="Friday", wdi="", wdd="", mon="August",
                                        moni="", mond="", d=15) for _ in range(80000))
    big = (json.dumps({"id": "big", "date": "2021-08-20", "lang": "en", "text": body[:4 << 20]}) + "\n").encode()
    out = sys.stdout.buffer
    written, i, next_big = 0, 0, 0
    while written < total:
        if written >= next_big:
            out.write(big)
            written += len(big)
            next_big += big_every << 20
            continue
        line = pool[i % len(pool)]
        i += 1
        out.write(line)
        written += len(line)
    out.flush()


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        pass
