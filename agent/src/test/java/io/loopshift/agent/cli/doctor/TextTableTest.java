package io.loopshift.agent.cli.doctor;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextTableTest {

    @Test
    void padsEachColumnToItsWidestCell() {
        TextTable table = new TextTable(new String[]{"NAME", "N", "END"}, new boolean[]{false, true, false});
        table.add("a", "1000", "x");
        table.add("longer", "5", "yy");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String expected = "NAME       N  END\n"
                + "a       1000  x\n"
                + "longer     5  yy\n";
        assertEquals(expected, bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void everyRowHasEveryColumn() {
        TextTable table = new TextTable(new String[]{"A", "B"}, new boolean[]{false, false});
        assertThrows(IllegalArgumentException.class, () -> table.add("only one"));
    }
}
