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
}
