package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The address the demo listens on ({@code --host}): what it accepts, what its URL and its mails say. */
class DemoHostTest {

    @TempDir
    Path data;

    @Test
    void addressesOfThisMachineAreAcceptedAndAnyOtherIsExplainedInOneLine() {
        assertThat(WebDemo.invalidHost("127.0.0.1")).isEmpty();
        assertThat(WebDemo.invalidHost("0.0.0.0")).isEmpty();
        assertThat(WebDemo.invalidHost("::1")).isEmpty();
        assertThat(WebDemo.invalidHost("localhost")).isEmpty();
        assertThat(WebDemo.invalidHost("192.0.2.1")).hasValue("--host needs an address of this machine, such as 127.0.0.1 or"
                + " 0.0.0.0, not 192.0.2.1 (no network interface of this machine has 192.0.2.1)");
        assertThat(WebDemo.invalidHost("[::zz]")).hasValue("--host needs an address of this machine, such as 127.0.0.1 or"
                + " 0.0.0.0, not [::zz] (no such address or host name)");
        assertThat(WebDemo.invalidHost("")).hasValue("--host needs an address of this machine, such as 127.0.0.1 or 0.0.0.0, not \"\"");
        assertThat(WebDemo.invalidHost("127.0.0.1\nforged line")).hasValueSatisfying(m -> assertThat(m).doesNotContain("\n"));
    }

    @Test
    void onlyAnAddressBeyondThisMachineIsWarnedAbout() {
        assertThat(WebDemo.exposure("127.0.0.1")).isEmpty();
        assertThat(WebDemo.exposure("::1")).isEmpty();
        assertThat(WebDemo.exposure("0.0.0.0")).hasValue("Warning: listening on 0.0.0.0, not only on this machine: anyone who"
                + " can reach it can sign in as any demo user (the sign-in picker asks for no password).");
    }

    @Test
    void theUrlNamesTheAddressUnlessItIsTheDefaultOrEveryAddress() {
        assertThat(DemoServer.urlHost("127.0.0.1")).isEqualTo("localhost");
        assertThat(DemoServer.urlHost("0.0.0.0")).isEqualTo("localhost");
        assertThat(DemoServer.urlHost("::")).isEqualTo("localhost");
        assertThat(DemoServer.urlHost("192.168.1.5")).isEqualTo("192.168.1.5");
        assertThat(DemoServer.urlHost("::1")).isEqualTo("[::1]");
    }

    @Test
    @EnabledOnOs(OS.LINUX) // where all of 127.0.0.0/8 is this machine's
    void onAnotherAddressTheDemoAnswersThereOnlyAndItsMailsLinkThere() throws Exception {
        try (DemoServer server = DemoServer.start(data, true, "127.0.0.2", 0)) {
            String url = "http://127.0.0.2:" + server.port();
            assertThat(server.url()).isEqualTo(url);
            WebClient jane = new WebClient(url);
            jane.signIn("jane");
            jane.get("/accounts?add=1");
            jane.post("/accounts/add", "email", "admin@hooli.example", "roles", "tenant:administrator", "days", "");
            assertThat(jane.mailText("admin@hooli.example", "möchte Ihr Konto verwalten")).contains(url + "/accept?token=");
            assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
        }
    }
}
