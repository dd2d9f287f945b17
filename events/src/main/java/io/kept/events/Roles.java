package io.kept.events;

import java.util.List;

/**
 * The roles a token's {@code groups} claim may carry, and what each may do (README.md has the table of
 * endpoints). Wider roles include narrower ones through {@code quarkus.http.auth.roles-mapping} (the event
 * store's configuration): a supervisor is also an agent, and agents, supervisors and admins may read.
 */
public final class Roles {

    /** Systems that make promises, report them and report customers returned. */
    public static final String INGEST = "kept-ingest";
    /** Recovery steps, follow-up completion and cancellation. */
    public static final String AGENT = "kept-agent";
    /** Everything an agent may, and approval of compensation above the empowerment limit. */
    public static final String SUPERVISOR = "kept-supervisor";
    /** Every read: promises, recoveries, follow-ups, analytics and timelines. */
    public static final String READER = "kept-reader";
    /** Guarantees, calendars, retirement, rebuilds and dead letters. */
    public static final String ADMIN = "kept-admin";

    public static final List<String> ALL = List.of(INGEST, AGENT, SUPERVISOR, READER, ADMIN);

    private Roles() {
    }
}
