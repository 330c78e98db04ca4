#!/usr/bin/env python3
"""Writes asterisk-config/moh/callpath-hold.wav: 12 s of quiet, slow chimes (8 kHz mono 16-bit WAV), the kit's hold
music for the default music-on-hold class. Standard library only: python3 scripts/make-hold-music.py"""
import math
import pathlib
import struct
import wave

RATE = 8000
NOTE_SECONDS = 1.5
# a C major arpeggio and back, one note every 1.5 s: 8 notes = 12 s, a seamless loop
NOTES_HZ = [261.63, 329.63, 392.00, 523.25, 392.00, 329.63, 293.66, 246.94]
PEAK = 0.25  # about -12 dBFS: soft under telephony codecs


def chime(frequency, seconds):
    samples = []
    for n in range(int(RATE * seconds)):
        t = n / RATE
        envelope = min(1.0, t / 0.02) * math.exp(-3.0 * t)
        tone = math.sin(2 * math.pi * frequency * t) + 0.3 * math.sin(2 * math.pi * 2 * frequency * t)
        samples.append(PEAK * envelope * tone / 1.3)
    return samples


def main():
    out = pathlib.Path(__file__).resolve().parent.parent / "asterisk-config" / "moh" / "callpath-hold.wav"
    out.parent.mkdir(parents=True, exist_ok=True)
    samples = [s for frequency in NOTES_HZ for s in chime(frequency, NOTE_SECONDS)]
    with wave.open(str(out), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(b"".join(struct.pack("<h", int(round(s * 32767))) for s in samples))
    print(f"{out}  {len(samples) / RATE:.1f}s")


if __name__ == "__main__":
    main()
