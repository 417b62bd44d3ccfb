package com.rateplatform.gateway.validation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;

/**
 * The rules file (config/validation-rules.yaml) and the bank catalogue it names, read and checked
 * once. Every key is checked here so that a bad file stops start-up with a message naming the key.
 */
record ValidationRules(PhoneRule.Settings phone, LengthRange nameLength, LengthRange bankAccountLength,
                       Map<String, ActionRequirements> actions, BankCatalogue banks) {

    /** The actions the gateway accepts; the rules file must say what each one needs. */
    static final List<String> GATEWAY_ACTIONS = List.of("validate", "check", "import");

    ValidationRules {
        actions = Map.copyOf(actions);
    }

    /** @param location a file path, a {@code classpath:} location, or null/blank for the bundled rules */
    static ValidationRules load(String location) {
        ConfigLocation source = ConfigLocation.of(location);
        RulesNode root = RulesNode.read(source, null, "rules file")
                .allowOnly("banks_file", "phone", "name", "bank_account", "actions");
        PhoneRule.Settings phone = phoneSettings(root.section("phone"));
        LengthRange nameLength = lengthRange(root.section("name"));
        LengthRange bankAccountLength = lengthRange(root.section("bank_account"));
        Map<String, ActionRequirements> actions = actions(root.section("actions"));
        BankCatalogue banks = BankCatalogue.read(source.sibling(root.text("banks_file")), "banks_file");
        return new ValidationRules(phone, nameLength, bankAccountLength, actions, banks);
    }

    Optional<ActionRequirements> requirementsOf(String action) {
        if (action == null) {
            return Optional.empty();
        }
        ActionRequirements exact = actions.get(action);
        return exact != null ? Optional.of(exact) : Optional.ofNullable(actions.get(action.strip().toLowerCase(Locale.ROOT)));
    }

    private static PhoneRule.Settings phoneSettings(RulesNode phone) {
        phone.allowOnly("default_region", "allowed_types", "renumbered");
        String region = region(phone, "default_region");
        List<String> typeNames = phone.texts("allowed_types");
        if (typeNames.isEmpty()) {
            throw phone.invalid("allowed_types", "must list at least one number type");
        }
        Set<PhoneNumberType> types = EnumSet.noneOf(PhoneNumberType.class);
        for (int i = 0; i < typeNames.size(); i++) {
            types.add(phoneType(phone, "allowed_types[" + i + "]", typeNames.get(i)));
        }
        PhoneRenumbering renumbering = phone.has("renumbered") ? PhoneRenumbering.read(phone, "renumbered") : PhoneRenumbering.NONE;
        return new PhoneRule.Settings(region, types, renumbering);
    }

    /** An ISO 3166 region libphonenumber supports, upper-cased. */
    static String region(RulesNode section, String key) {
        String region = section.text(key).toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            throw section.invalid(key, "'" + region + "' is not a region libphonenumber knows (use an ISO 3166 code such as VN)");
        }
        return region;
    }

    static PhoneNumberType phoneType(RulesNode section, String key, String name) {
        List<String> known = new ArrayList<>();
        for (PhoneNumberType type : PhoneNumberType.values()) {
            if (type != PhoneNumberType.UNKNOWN) {
                known.add(type.name());
            }
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (!known.contains(upper)) {
            throw section.invalid(key, "'" + name + "' is not a phone number type; expected one of " + String.join(", ", known));
        }
        return PhoneNumberType.valueOf(upper);
    }

    private static LengthRange lengthRange(RulesNode section) {
        section.allowOnly("min_length", "max_length");
        int min = section.integer("min_length");
        int max = section.integer("max_length");
        if (min < 1) {
            throw section.invalid("min_length", "must be at least 1, not " + min);
        }
        if (max < min) {
            throw section.invalid("max_length", "must be at least min_length (" + min + "), not " + max);
        }
        return new LengthRange(min, max);
    }

    private static Map<String, ActionRequirements> actions(RulesNode actions) {
        for (String gatewayAction : GATEWAY_ACTIONS) {
            actions.section(gatewayAction);
        }
        Map<String, ActionRequirements> byAction = new LinkedHashMap<>();
        for (String action : actions.keys()) {
            RulesNode section = actions.section(action).allowOnly("required", "required_any_of");
            byAction.put(action.toLowerCase(Locale.ROOT), new ActionRequirements(action,
                    fields(section, "required"), fields(section, "required_any_of")));
        }
        return byAction;
    }

    private static List<ItemField> fields(RulesNode section, String key) {
        List<String> names = section.optionalTexts(key).orElse(List.of());
        List<ItemField> fields = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String elementKey = key + "[" + i + "]";
            fields.add(ItemField.ofKey(name).orElseThrow(() -> section.invalid(elementKey,
                    "'" + name + "' is not an item field; expected one of " + ItemField.keys())));
        }
        return fields;
    }
}
