package io.kept.eventstore;

/**
 * What a writer believes the stream's current version to be. Version 0 means the stream has no
 * events yet; {@link #any()} skips the check (for streams with a single writer by construction).
 */
public record ExpectedVersion(int version) {

    private static final int ANY = -1;

    public ExpectedVersion {
        if (version < ANY) {
            throw new IllegalArgumentException("Expected version must be >= 0");
        }
    }

    public static ExpectedVersion noStream() {
        return new ExpectedVersion(0);
    }

    public static ExpectedVersion exactly(int version) {
        return new ExpectedVersion(version);
    }

    public static ExpectedVersion any() {
        return new ExpectedVersion(ANY);
    }

    public boolean isAny() {
        return version == ANY;
    }

    @Override
    public String toString() {
        return isAny() ? "any" : Integer.toString(version);
    }
}
