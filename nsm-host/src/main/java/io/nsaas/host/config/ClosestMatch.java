package io.nsaas.host.config;

import java.util.Collection;
import java.util.Locale;

/**
 * Finds the known name a mistyped one was probably meant to be ("did you mean ...?"), by
 * edit distance (Levenshtein plus adjacent transpositions), ignoring case.
 */
public final class ClosestMatch {

    private ClosestMatch() {
    }

    /**
     * @return the candidate nearest to {@code word}, or null when none is close enough: at most one
     *         edit for words up to 4 characters, at most two edits for longer words
     */
    public static String among(String word, Collection<String> candidates) {
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

    /**
     * @return the optimal-string-alignment distance between a and b: insertions, deletions,
     *         substitutions and transpositions of adjacent characters ({@code nms} to {@code nsm}) each
     *         count as one edit
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
