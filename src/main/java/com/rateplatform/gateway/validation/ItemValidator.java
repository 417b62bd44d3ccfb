package com.rateplatform.gateway.validation;

import java.util.Optional;

import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.ItemResult;

/**
 * Checks one item against the rules of config/validation-rules.yaml (docs/Validation-Rules.md).
 * Thread-safe and free of I/O once loaded: it knows nothing of Redis, HTTP or the database.
 *
 * <p>Failures are listed in this order, the first one giving the result's {@code error_code}: the
 * action's requirements, then name, phone, bank code and bank account.
 */
public class ItemValidator {

    private static final Item EMPTY_ITEM = new Item(null, null, null, null, null, null);

    private final ValidationRules rules;
    private final NameRule nameRule;
    private final PhoneRule phoneRule;
    private final BankAccountRule bankAccountRule;

    ItemValidator(ValidationRules rules) {
        this.rules = rules;
        this.nameRule = new NameRule(rules.nameLength());
        this.phoneRule = new PhoneRule(rules.phone());
        this.bankAccountRule = new BankAccountRule(rules.bankAccountLength(), rules.banks());
    }

    /**
     * Reads and checks the rules and the bank catalogue they name, and loads the phone number data.
     *
     * @param rulesLocation a file path or {@code classpath:} location of the rules file; null or empty for the bundled
     *                      {@code classpath:config/validation-rules.yaml}
     * @throws InvalidRulesException when a file is missing or a key is bad; the message names the file and the key
     */
    public static ItemValidator load(String rulesLocation) {
        return new ItemValidator(ValidationRules.load(rulesLocation));
    }

    /** @param action the request's action (validate, check, import or another the rules file names), ignoring case */
    public ItemResult validate(String action, Item item) {
        Item checked = item == null ? EMPTY_ITEM : item;
        Findings findings = new Findings();
        Optional<ActionRequirements> requirements = rules.requirementsOf(action);
        if (requirements.isPresent()) {
            requirements.get().check(checked, findings);
        } else {
            findings.fail("action", ErrorCode.ACTION_UNKNOWN, "action '" + action + "' has no rules; known: "
                    + String.join(", ", rules.actions().keySet().stream().sorted().toList()));
        }
        if (ItemField.NAME.isPresentIn(checked)) {
            nameRule.check(checked.name(), findings);
        }
        if (ItemField.PHONE.isPresentIn(checked)) {
            phoneRule.check(checked.phone(), findings);
        }
        bankAccountRule.check(checked.bankAccount(), checked.bankCode(), findings);
        return findings.toResult(checked.itemId());
    }
}
