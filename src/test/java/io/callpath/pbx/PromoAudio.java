package io.callpath.pbx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A prompt's samples (8 kHz mono 16-bit WAV) and how closely received audio matches them: the normalized
 * correlation of a received window with the prompt at the best offset (1.0 is the same waveform; a tone, ringback or
 * silence scores near 0 against speech).
 */
final class PromoAudio {

    private final short[] samples;

    private PromoAudio(short[] samples) {
        this.samples = samples;
    }

    static PromoAudio read(Path wav) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
            int position = 12;
            while (position + 8 <= bytes.limit()) {
                String chunk = new String(bytes.array(), position, 4, java.nio.charset.StandardCharsets.US_ASCII);
                int size = bytes.getInt(position + 4);
                if (chunk.equals("data")) {
                    short[] samples = new short[Math.min(size, bytes.limit() - position - 8) / 2];
                    for (int i = 0; i < samples.length; i++) {
                        samples[i] = bytes.getShort(position + 8 + 2 * i);
                    }
                    return new PromoAudio(samples);
                }
                position += 8 + size + (size & 1);
            }
            throw new IllegalArgumentException(wav + " has no data chunk");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int length() {
        return samples.length;
    }

    /** The offset into the prompt (looped) where {@code window} matches best, searching every sample. */
    int bestOffset(short[] window) {
        int best = 0;
        double bestScore = -2;
        for (int offset = 0; offset < samples.length; offset++) {
            double score = correlation(window, offset);
            if (score > bestScore) {
                bestScore = score;
                best = offset;
            }
        }
        return best;
    }

    /** The best correlation of {@code window} with the prompt at {@code expected} ± {@code slack} samples (looped). */
    double correlationNear(short[] window, int expected, int slack) {
        double best = -1;
        for (int offset = expected - slack; offset <= expected + slack; offset++) {
            best = Math.max(best, correlation(window, Math.floorMod(offset, samples.length)));
        }
        return best;
    }

    /** Normalized correlation of {@code window} with the prompt from {@code offset} on, looping. */
    double correlation(short[] window, int offset) {
        double dot = 0;
        double windowEnergy = 0;
        double promptEnergy = 0;
        int index = offset;
        for (short value : window) {
            if (index >= samples.length) {
                index = 0;
            }
            double prompt = samples[index++];
            dot += value * prompt;
            windowEnergy += (double) value * value;
            promptEnergy += prompt * prompt;
        }
        return windowEnergy == 0 || promptEnergy == 0 ? 0 : dot / Math.sqrt(windowEnergy * promptEnergy);
    }

    /** Root mean square of {@code window} (16-bit full scale 32,767). */
    static double rms(short[] window) {
        double sum = 0;
        for (short value : window) {
            sum += (double) value * value;
        }
        return window.length == 0 ? 0 : Math.sqrt(sum / window.length);
    }

    /** The share of {@code window}'s power at {@code frequency} Hz (Goertzel), 0..1. */
    static double toneShare(short[] window, double frequency) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / 8000);
        double previous = 0;
        double beforePrevious = 0;
        double energy = 0;
        for (short value : window) {
            double current = value + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
            energy += (double) value * value;
        }
        double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return energy == 0 ? 0 : 2 * power / (window.length * energy);
    }
}
