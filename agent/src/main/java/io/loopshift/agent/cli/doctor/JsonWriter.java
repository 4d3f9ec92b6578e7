package io.loopshift.agent.cli.doctor;

/**
 * Just enough JSON for the doctor's report, indented two spaces. Hand-written because the agent
 * jar carries no dependencies beyond its relocated Byte Buddy.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private int depth;
    private boolean first = true;
    private boolean afterName;

    public JsonWriter beginObject() {
        return open('{');
    }

    public JsonWriter endObject() {
        return close('}');
    }

    public JsonWriter beginArray() {
        return open('[');
    }

    public JsonWriter endArray() {
        return close(']');
    }

    /** The name of the next member; the value follows with one of the value methods or begin*. */
    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    public JsonWriter value(String value) {
        valueStart();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    public JsonWriter value(long value) {
        valueStart();
        out.append(value);
        return this;
    }

    public JsonWriter value(boolean value) {
        valueStart();
        out.append(value);
        return this;
    }

    /** A number already in JSON form, such as a percentage from {@link Percent}. */
    public JsonWriter rawNumber(String number) {
        valueStart();
        out.append(number);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private JsonWriter open(char bracket) {
        valueStart();
        out.append(bracket);
        depth++;
        first = true;
        return this;
    }

    private JsonWriter close(char bracket) {
        depth--;
        if (!first) {
            newline();
        }
        out.append(bracket);
        first = false;
        return this;
    }

    /** A value right after its name stays on the name's line; in an array it starts a new one. */
    private void valueStart() {
        if (afterName) {
            afterName = false;
        } else {
            separate();
        }
        first = false;
    }

    private void separate() {
        if (out.length() == 0) {
            return;
        }
        if (!first) {
            out.append(',');
        }
        newline();
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
