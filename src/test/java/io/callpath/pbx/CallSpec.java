package io.callpath.pbx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A caller to originate: their side as pbx-script steps (e.g. {@code a-w1500-d1-w30000}: answer, press 1 after 1.5 s,
 * stay 30 s), sent to {@code exten@context} ({@code DID@pbx-trunk} by default).
 *
 * @param callerNumber null for a number no other call of the rig has
 */
public record CallSpec(
        String exten,
        String context,
        String callerSteps,
        String callerNumber,
        String callerName,
        Map<String, String> variables) {

    public CallSpec {
        variables = Map.copyOf(variables);
    }

    public static CallSpec to(String did, String callerSteps) {
        return new CallSpec(did, PbxRig.TRUNK_CONTEXT, callerSteps, null, "PBX test caller", Map.of());
    }

    /** The same caller dialling {@code exten@context} instead (e.g. the kit's test number 610@callpath-test). */
    public CallSpec at(String exten, String context) {
        return new CallSpec(exten, context, callerSteps, callerNumber, callerName, variables);
    }

    public CallSpec from(String number) {
        return new CallSpec(exten, context, callerSteps, number, callerName, variables);
    }

    public CallSpec named(String name) {
        return new CallSpec(exten, context, callerSteps, callerNumber, name, variables);
    }

    /** A channel variable set on the caller channel at origination (AMI Originate's Variable). */
    public CallSpec variable(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(variables);
        more.put(name, value);
        return new CallSpec(exten, context, callerSteps, callerNumber, callerName, more);
    }
}
