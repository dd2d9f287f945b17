package io.kept.local;

import io.kept.events.Roles;
import io.kept.testkit.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./kept token}: prints a bearer token signed with the local stack's development key, which
 * {@code ./kept up} creates under {@code .kept/jwt} and every service it starts trusts.
 */
public final class Token {

    private static final String USAGE = """
            Usage: ./kept token [--role ROLE]... [--subject NAME] [--ttl DURATION]
              --role     kept-ingest, kept-agent, kept-supervisor, kept-reader or kept-admin (repeatable);
                         every role when none is given
              --subject  the caller's name, recorded in the events it causes (default dev)
              --ttl      how long the token is valid, ISO-8601 (default PT8H)""";

    private Token() {
    }

    public static void main(String[] args) {
        Path keys = Path.of(".kept", "jwt");
        List<String> roles = new ArrayList<>();
        String subject = "dev";
        Duration ttl = Duration.ofHours(8);
        boolean initOnly = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (arg) {
                case "--keys" -> keys = Path.of(value(args, ++i, hasValue, arg));
                case "--role" -> roles.add(role(value(args, ++i, hasValue, arg)));
                case "--subject" -> subject = value(args, ++i, hasValue, arg);
                case "--ttl" -> ttl = duration(value(args, ++i, hasValue, arg));
                case "--init" -> initOnly = true;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> usage("unknown option " + arg);
            }
        }
        Tokens.ensureKeys(keys);
        if (!initOnly) {
            System.out.println(Tokens.sign(keys, Tokens.LOCAL_ISSUER, subject, roles.isEmpty() ? Roles.ALL : roles, ttl));
        }
    }

    private static String value(String[] args, int i, boolean present, String option) {
        if (!present || args[i].isBlank()) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static String role(String role) {
        if (!Roles.ALL.contains(role)) {
            usage("unknown role " + role + "; one of " + String.join(", ", Roles.ALL));
        }
        return role;
    }

    private static Duration duration(String text) {
        try {
            Duration ttl = Duration.parse(text);
            if (ttl.isNegative() || ttl.isZero()) {
                usage("--ttl must be positive");
            }
            return ttl;
        } catch (DateTimeParseException e) {
            usage("--ttl " + text + " is not an ISO-8601 duration such as PT8H");
            return null;
        }
    }

    private static void usage(String problem) {
        System.err.println("kept token: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
