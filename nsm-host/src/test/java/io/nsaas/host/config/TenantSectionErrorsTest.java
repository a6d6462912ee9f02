package io.nsaas.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad tenant setting is reported at its own FILE:LINE with its key. */
class TenantSectionErrorsTest {
    private static final String CIDR_EXPECTED = "expected a.b.c.d/n with a..d in 0..255 and n in 0..32, e.g. 10.0.0.1/24";
    private static final String TOKEN_EXPECTED = "expected a quoted secret of 16 to 256 printable ASCII characters"
        + " without spaces, e.g. from `openssl rand -hex 16`";

    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    /** A config whose only tenant is vm-a: stack on line 3, address on line 4, token on line 5. */
    private List<String> problemsWithVmA(String stack, String address, String token) {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-a {
              stack = %s
              address = %s
              token = %s
            }
            """.formatted(stack, address, token);
        return fixture.problems(text);
    }

    private List<String> addressProblems(String address) {
        return problemsWithVmA("kernel", "\"" + address + "\"", "\"token-of-vm-a-0123456789\"");
    }

    private List<String> tokenProblems(String token) {
        return problemsWithVmA("kernel", "\"10.0.0.1/24\"", token);
    }

    private String tokenLine() {
        return at(5);
    }

    private String at(int line) {
        return dir.resolve("host.conf") + ":" + line + ": ";
    }

    @Test
    void rejectsAMalformedCidr() {
        assertEquals(List.of(at(4) + "nsaas.tenants.vm-a.address: '10.0.0.300/24' is not an IPv4 CIDR; " + CIDR_EXPECTED),
            addressProblems("10.0.0.300/24"));
        assertEquals(List.of(at(4) + "nsaas.tenants.vm-a.address: '10.0.0.1/33' is not an IPv4 CIDR; " + CIDR_EXPECTED),
            addressProblems("10.0.0.1/33"));
        assertEquals(List.of(at(4) + "nsaas.tenants.vm-a.address: '10.0.0.01/24' is not an IPv4 CIDR; " + CIDR_EXPECTED),
            addressProblems("10.0.0.01/24"));
        assertEquals(List.of(at(4) + "nsaas.tenants.vm-a.address: 'vm-a.example' is not an IPv4 CIDR; " + CIDR_EXPECTED),
            addressProblems("vm-a.example"));
        assertEquals(List.of(at(4) + "nsaas.tenants.vm-a.address: '10.0.0.1' has no prefix length; " + CIDR_EXPECTED),
            addressProblems("10.0.0.1"));
    }

    @Test
    void rejectsNetworkBroadcastLoopbackAndMulticastAddresses() {
        assertEquals(List.of(at(4) + "nsaas.tenants.vm-a.address: '10.0.0.0/24' is the network address of its subnet;"
                + " expected a host address inside the subnet, such as 10.0.0.1/24"),
            addressProblems("10.0.0.0/24"));
        assertEquals(List.of(at(4) + "nsaas.tenants.vm-a.address: '10.0.0.255/24' is the broadcast address of its subnet;"
                + " expected a host address inside the subnet, such as 10.0.0.1/24"),
            addressProblems("10.0.0.255/24"));
        assertEquals(List.of(at(4) + "nsaas.tenants.vm-a.address: '127.0.0.2/8' is a loopback address (127.0.0.0/8);"
                + " expected a unicast host address such as 10.0.0.1/24"),
            addressProblems("127.0.0.2/8"));
        assertEquals(List.of(at(4) + "nsaas.tenants.vm-a.address: '224.0.0.5/32' is a multicast address (224.0.0.0/4);"
                + " expected a unicast host address such as 10.0.0.1/24"),
            addressProblems("224.0.0.5/32"));
    }

    @Test
    void rejectsAnAddressAlreadyUsedByAnotherTenantNamingIt() {
        String text = ConfigFixture.HOST + ConfigFixture.VM_A + """
            nsaas.tenants.vm-b {
              stack = kernel
              address = "10.0.0.1/16"
              token = "token-of-vm-b-0123456789"
            }
            """;
        assertEquals(List.of(fixture.at(text, "10.0.0.1/16") + ": nsaas.tenants.vm-b.address: 10.0.0.1 is already the address"
                + " of tenant vm-a (" + fixture.at(text, "10.0.0.1/24") + "); expected a distinct address per tenant"),
            fixture.problems(text));
    }

    @Test
    void rejectsMissingEmptyShortLongAndNonPrintableTokensWithoutEchoingThem() {
        assertEquals(List.of(tokenLine() + "nsaas.tenants.vm-a.token: is empty; " + TOKEN_EXPECTED), tokenProblems("\"\""));
        assertEquals(List.of(tokenLine() + "nsaas.tenants.vm-a.token: is 15 characters long; " + TOKEN_EXPECTED),
            tokenProblems("\"abcdefghijklmno\""));
        assertEquals(List.of(tokenLine() + "nsaas.tenants.vm-a.token: is 257 characters long; " + TOKEN_EXPECTED),
            tokenProblems("\"" + "x".repeat(257) + "\""));
        assertEquals(List.of(tokenLine() + "nsaas.tenants.vm-a.token: has a space, control or non-ASCII character at position 6; "
            + TOKEN_EXPECTED), tokenProblems("\"token with spaces\""));
        List<String> numeric = tokenProblems("1234567890123456");
        assertEquals(List.of(tokenLine() + "nsaas.tenants.vm-a.token: is a number; " + TOKEN_EXPECTED), numeric);
        assertFalse(numeric.get(0).contains("1234567890"), "the token must not be echoed");
    }

    @Test
    void rejectsATokenSharedWithAnotherTenant() {
        String text = ConfigFixture.HOST + ConfigFixture.VM_A + """
            nsaas.tenants.vm-b {
              stack = kernel
              address = "10.0.0.2/24"
              token = "token-of-vm-a-0123456789" # copied
            }
            """;
        assertEquals(List.of(fixture.at(text, "# copied")
                + ": nsaas.tenants.vm-b.token: is the same as the token of tenant vm-a (" + fixture.at(text, "token =")
                + "), so either tenant could attach as the other; expected a distinct secret per tenant"),
            fixture.problems(text));
    }

    @Test
    void reportsEachMissingRequiredKeyAtTheTenantsLine() {
        String text = ConfigFixture.HOST + "nsaas.tenants.vm-a { }\n";
        String at = fixture.at(text, "vm-a { }");
        assertEquals(List.of(
                at + ": nsaas.tenants.vm-a.stack: missing required key; expected stack = <plugin id>, e.g. stack = kernel,"
                    + " or stack { id = cubic, version = \">=1.0.0 & <2.0.0\", options { ... } }",
                at + ": nsaas.tenants.vm-a.address: missing required key; expected address = \"a.b.c.d/n\", e.g. \"10.0.0.1/24\"",
                at + ": nsaas.tenants.vm-a.token: missing required key; " + TOKEN_EXPECTED),
            fixture.problems(text));
    }

    @Test
    void rejectsABadTenantIdAndATenantThatIsNotAnObject() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants {
              VM_A { stack = kernel, address = "10.0.0.1/24", token = "token-of-vm-a-0123456789" }
              -vm { stack = kernel, address = "10.0.0.2/24", token = "token-of-vm-b-0123456789" }
              vm-c = kernel
            }
            """;
        String idExpected = "expected 1 to 32 characters of a-z, 0-9 and '-', starting with a letter or digit, e.g. vm-a";
        assertEquals(List.of(
                fixture.at(text, "VM_A") + ": nsaas.tenants.VM_A: 'VM_A' is not a valid tenant id; " + idExpected,
                fixture.at(text, "-vm {") + ": nsaas.tenants.-vm: '-vm' is not a valid tenant id; " + idExpected,
                fixture.at(text, "vm-c") + ": nsaas.tenants.vm-c: is the string 'kernel';"
                    + " expected an object: vm-c { stack = ..., address = ..., token = ... }"),
            fixture.problems(text));
    }

    @Test
    void rejectsBadStackIdsInBothForms() {
        assertEquals(List.of(at(3) + "nsaas.tenants.vm-a.stack: 'Cubic' is not a stack plugin id;"
                + " expected 'cubic' (plugin ids are lower case)"),
            problemsWithVmA("Cubic", "\"10.0.0.1/24\"", "\"token-of-vm-a-0123456789\""));
        assertEquals(List.of(at(3) + "nsaas.tenants.vm-a.stack.id: '1tcp' is not a stack plugin id;"
                + " expected a plugin id: 1 to 32 characters of a-z, 0-9 and '-', starting with a letter, e.g. newreno"),
            problemsWithVmA("{ id = \"1tcp\" }", "\"10.0.0.1/24\"", "\"token-of-vm-a-0123456789\""));
        assertEquals(List.of(at(3) + "nsaas.tenants.vm-a.stack.id: missing required key;"
                + " expected a plugin id: 1 to 32 characters of a-z, 0-9 and '-', starting with a letter, e.g. newreno"),
            problemsWithVmA("{ version = \"1.0.0\" }", "\"10.0.0.1/24\"", "\"token-of-vm-a-0123456789\""));
        assertEquals(List.of(at(3) + "nsaas.tenants.vm-a.stack: is a list; expected stack = <plugin id>, e.g. stack = kernel,"
                + " or stack { id = cubic, version = \">=1.0.0 & <2.0.0\", options { ... } }"),
            problemsWithVmA("[ kernel ]", "\"10.0.0.1/24\"", "\"token-of-vm-a-0123456789\""));
    }

    @Test
    void rejectsABadVersionConstraint() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-a {
              stack {
                id = cubic
                version = ">=1.0.0 &"
              }
              address = "10.0.0.1/24"
              token = "token-of-vm-a-0123456789"
            }
            """;
        List<String> problems = fixture.problems(text);
        assertEquals(1, problems.size());
        String prefix = fixture.at(text, "version =") + ": nsaas.tenants.vm-a.stack.version: '>=1.0.0 &' is not a version constraint (";
        String suffix = "); expected a version constraint such as \">=1.0.0 & <2.0.0\" or \"1.2.0\", or \"*\" for any version";
        assertEquals(prefix, problems.get(0).substring(0, prefix.length()));
        assertEquals(suffix, problems.get(0).substring(problems.get(0).length() - suffix.length()));
    }

    @Test
    void rejectsNestedAndNullStackOptions() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-a {
              stack {
                id = cubic
                options {
                  hystart.enabled = true
                  window = [ 1, 2 ]
                  beta = null
                  "ok.dotted" = 1
                }
              }
              address = "10.0.0.1/24"
              token = "token-of-vm-a-0123456789"
            }
            """;
        assertEquals(List.of(
                fixture.at(text, "hystart") + ": nsaas.tenants.vm-a.stack.options.hystart: is an object; stack options cannot nest;"
                    + " expected a string, number or boolean (quote a dotted name: \"a.b\" = 1)",
                fixture.at(text, "window") + ": nsaas.tenants.vm-a.stack.options.window: is a list; stack options cannot nest;"
                    + " expected a string, number or boolean (quote a dotted name: \"a.b\" = 1)",
                fixture.at(text, "beta") + ": nsaas.tenants.vm-a.stack.options.beta: is null; expected a string, number or boolean"),
            fixture.problems(text));
    }

    @Test
    void rejectsAnNsmGroupNamedLikeAnotherTenantOrMalformed() {
        String text = ConfigFixture.HOST + ConfigFixture.VM_A + """
            nsaas.tenants.vm-b {
              stack = kernel
              address = "10.0.0.2/24"
              token = "token-of-vm-b-0123456789"
              nsm = vm-a
            }
            nsaas.tenants.vm-c {
              stack = kernel
              address = "10.0.0.3/24"
              token = "token-of-vm-c-0123456789"
              nsm = "Shared 1"
            }
            """;
        assertEquals(List.of(
                fixture.at(text, "nsm = vm-a") + ": nsaas.tenants.vm-b.nsm: 'vm-a' is the id of tenant vm-a, whose dedicated NSM"
                    + " cannot be shared; expected a group name that is no tenant's id, set as nsm on every tenant that shares the NSM",
                fixture.at(text, "Shared 1") + ": nsaas.tenants.vm-c.nsm: 'Shared 1' is not a valid NSM group name;"
                    + " expected an NSM group name: 1 to 32 characters of a-z, 0-9 and '-', starting with a letter or digit"),
            fixture.problems(text));
    }
}
