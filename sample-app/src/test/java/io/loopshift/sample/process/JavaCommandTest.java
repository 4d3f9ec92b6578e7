package io.loopshift.sample.process;

import io.loopshift.sample.SampleMain;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JavaCommandTest {

    @Test
    void childJvmsRunTheSamplesEntryPoint() {
        assertEquals(SampleMain.class.getName(), JavaCommand.MAIN_CLASS);
        List<String> command = JavaCommand.subcommand(List.of("-Dx=y"), "backend", List.of("--listen", "127.0.0.1:1"));
        assertEquals(List.of(SampleMain.class.getName(), "backend", "--listen", "127.0.0.1:1"), command.subList(command.size() - 4, command.size()));
    }
}
