package io.qtp.analysis;

/** The languages the analyser knows. Anything that is not Japanese is analysed as English. */
public enum Language {
    JA("ja"), EN("en");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    /** ISO 639-1 code used on the wire. */
    public String code() {
        return code;
    }

    /** The language of a code ({@link #code()}); IllegalArgumentException for another. */
    public static Language ofCode(String code) {
        for (Language l : values()) {
            if (l.code.equals(code)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown language: " + code);
    }
}
