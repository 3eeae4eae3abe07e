package io.qtp.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The licences of training rows: which allow commercial use, and the rows per licence that {@code metadata.json}
 * lists ({@code trainingLicenses}).
 *
 * <p>Commercial use is allowed for CC0-1.0, CC-BY-* and CC-BY-SA-* (SPDX ids, any version); any other licence
 * stated on a row (CC-BY-NC-*, as the SciFact rows, or anything unknown) is non-commercial here. A row whose file
 * states no licence (a user's own CSV, feedback from the database) is counted as {@value #UNSPECIFIED} and kept: it
 * is the operator's own data.
 */
public final class Licenses {

    /** The key of rows without a licence. */
    public static final String UNSPECIFIED = "unspecified";

    private static final Pattern COMMERCIAL = Pattern.compile("CC0-1\\.0|CC-BY-[0-9.]+|CC-BY-SA-[0-9.]+");

    private Licenses() {
    }

    /** Whether a licence (SPDX id) allows commercial use; {@code null} (unspecified) does. */
    public static boolean allowsCommercialUse(String license) {
        return license == null || COMMERCIAL.matcher(license).matches();
    }

    /** The rows whose licence allows commercial use. */
    public static List<LabelledQuery> commercial(List<LabelledQuery> rows) {
        List<LabelledQuery> out = new ArrayList<>(rows.size());
        for (LabelledQuery r : rows) {
            if (allowsCommercialUse(r.license())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Rows per licence, sorted by licence. */
    @SafeVarargs
    public static Map<String, Long> count(List<LabelledQuery>... lists) {
        Map<String, Long> out = new TreeMap<>();
        for (List<LabelledQuery> rows : lists) {
            for (LabelledQuery r : rows) {
                out.merge(r.license() == null ? UNSPECIFIED : r.license(), 1L, Long::sum);
            }
        }
        return out;
    }
}
