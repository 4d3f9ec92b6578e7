package io.loopshift.agent.cli.doctor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonWriterTest {

    @Test
    void indentsMembersAndElements() {
        String json = new JsonWriter().beginObject()
                .name("a").value(1)
                .name("b").beginArray().value("x").value(true).beginObject().name("c").rawNumber("2.5").endObject().endArray()
                .name("d").beginObject().endObject()
                .name("e").beginArray().endArray()
                .name("f").value((String) null)
                .endObject().toString();
        assertEquals("{\n"
                + "  \"a\": 1,\n"
                + "  \"b\": [\n"
                + "    \"x\",\n"
                + "    true,\n"
                + "    {\n"
                + "      \"c\": 2.5\n"
                + "    }\n"
                + "  ],\n"
                + "  \"d\": {},\n"
                + "  \"e\": [],\n"
                + "  \"f\": null\n"
                + "}", json);
    }

    @Test
    void escapesStrings() {
        String json = new JsonWriter().beginArray().value("a\"b\\c\nd\te\u0001f/é").endArray().toString();
        assertEquals("[\n  \"a\\\"b\\\\c\\nd\\te\\u0001f/é\"\n]", json);
    }
}
