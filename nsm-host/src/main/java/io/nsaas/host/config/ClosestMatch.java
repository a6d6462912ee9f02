package io.nsaas.host.config;

import java.util.Collection;
import java.util.Locale;

/**
 * Finds the known name a mistyped one was probably meant to be ("did you mean ...?"), by
 * Levenshtein edit distance, ignoring case.
 */
final class ClosestMatch {

    private ClosestMatch() {
    }

    /**
     * @return the candidate nearest to {@code word}, or null when none is close enough: at most one
     *         edit for words up to 4 characters, at most two edits for longer words
     */
    static String among(String word, Collection<String> candidates) {
        int limit = word.length() <= 4 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d <= limit && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** @return the Levenshtein distance (insertions, deletions, substitutions) between a and b */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
