package io.qtp.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} / {@code --name=value} options of the command-line tools; {@code --help} is a flag. */
final class Args {

    /** A usage error: the tool prints the message and its usage and exits with 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new LinkedHashMap<>();
    private final boolean help;

    private Args(boolean help) {
        this.help = help;
    }

    static Args parse(String[] args, Set<String> known) throws UsageException {
        boolean help = false;
        for (String a : args) {
            help |= a.equals("--help") || a.equals("-h");
        }
        Args parsed = new Args(help);
        if (help) {
            return parsed;
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("option --" + name + " needs a value");
            }
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            parsed.values.put(name, value);
        }
        return parsed;
    }

    boolean help() {
        return help;
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) throws UsageException {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("option --" + name + " is required");
        }
        return v;
    }

    long getLong(String name, long fallback) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " must be an integer, found '" + v + "'");
        }
    }
}
