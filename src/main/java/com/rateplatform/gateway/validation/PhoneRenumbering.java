package com.rateplatform.gateway.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * The numbering changes of {@code phone.renumbered} in the rules file (Vietnam's 2018 mobile and 2017 landline
 * renumbering): old prefixes and the prefixes that replaced them. {@link #currentNumberOf} finds the number an old
 * one became. Immutable once read.
 */
final class PhoneRenumbering {

    /**
     * One prefix change, as the rules file writes it: national form with the trunk prefix ("0162" became "032").
     *
     * @param name        the network or area, such as "Viettel"
     * @param renumbering the renumbering it belongs to, such as "11-digit mobile numbers to 10 digits (2018)"
     * @param type        the libphonenumber type the converted number must have
     */
    record Change(String oldPrefix, String newPrefix, String name, String renumbering, PhoneNumberType type) {
    }

    /** The current number of an old one, and the change that made it. */
    record Current(PhoneNumber number, Change change) {
    }

    static final PhoneRenumbering NONE = new PhoneRenumbering(Map.of());

    /** The changes of one calling code, keyed by old national-significant prefix; prefix lengths longest first. */
    private record Table(Map<String, Conversion> byOldPrefix, int[] lengthsLongestFirst) {
    }

    /** A change with its prefixes as national significant numbers (trunk prefix removed). */
    private record Conversion(Change change, String newSignificantPrefix) {
    }

    private final Map<Integer, Table> byCallingCode;

    private PhoneRenumbering(Map<Integer, Table> byCallingCode) {
        this.byCallingCode = Map.copyOf(byCallingCode);
    }

    /**
     * The current number that an old number became: the longest old prefix its national number starts with whose
     * conversion is a number of the change's type today. Call it only for a number libphonenumber calls invalid:
     * a valid number is current by definition, even when it also has the shape of an old one.
     */
    Optional<Current> currentNumberOf(PhoneNumber number, PhoneNumberUtil util) {
        Table table = byCallingCode.get(number.getCountryCode());
        if (table == null) {
            return Optional.empty();
        }
        String significant = util.getNationalSignificantNumber(number);
        for (int length : table.lengthsLongestFirst()) {
            if (length >= significant.length()) {
                continue;
            }
            Conversion conversion = table.byOldPrefix().get(significant.substring(0, length));
            if (conversion == null) {
                continue;
            }
            PhoneNumber converted = new PhoneNumber().setCountryCode(number.getCountryCode())
                    .setNationalNumber(Long.parseLong(conversion.newSignificantPrefix() + significant.substring(length)));
            if (util.getNumberType(converted) == conversion.change().type()) {
                return Optional.of(new Current(converted, conversion.change()));
            }
        }
        return Optional.empty();
    }

    /** Reads {@code phone.renumbered}: a list of renumberings, each {name, region, type, source, prefixes}. */
    static PhoneRenumbering read(RulesNode phone, String key) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        Map<Integer, Map<String, Conversion>> byCallingCode = new HashMap<>();
        Map<String, String> keyOfOldPrefix = new HashMap<>();
        List<RulesNode> renumberings = phone.elements(key);
        for (int i = 0; i < renumberings.size(); i++) {
            RulesNode renumbering = renumberings.get(i).allowOnly("name", "region", "type", "source", "prefixes");
            String name = renumbering.text("name");
            renumbering.text("source");
            String region = ValidationRules.region(renumbering, "region");
            PhoneNumberType type = ValidationRules.phoneType(renumbering, "type", renumbering.text("type"));
            int callingCode = util.getCountryCodeForRegion(region);
            String trunkPrefix = util.getNddPrefixForRegion(region, true);
            Map<String, Conversion> conversions = byCallingCode.computeIfAbsent(callingCode, code -> new HashMap<>());
            List<RulesNode> prefixes = renumbering.elements("prefixes");
            if (prefixes.isEmpty()) {
                throw renumbering.invalid("prefixes", "must list at least one {old, new, name}");
            }
            for (int j = 0; j < prefixes.size(); j++) {
                RulesNode prefix = prefixes.get(j).allowOnly("old", "new", "name");
                Change change = new Change(prefix.text("old"), prefix.text("new"), prefix.text("name"), name, type);
                String oldSignificant = significantPrefix(prefix, "old", change.oldPrefix(), trunkPrefix, region);
                String newSignificant = significantPrefix(prefix, "new", change.newPrefix(), trunkPrefix, region);
                String entryKey = key + "[" + i + "].prefixes[" + j + "]";
                String earlier = keyOfOldPrefix.putIfAbsent(callingCode + ":" + oldSignificant, entryKey);
                if (earlier != null) {
                    throw prefix.invalid("old", "'" + change.oldPrefix() + "' is already the old prefix of " + earlier);
                }
                conversions.put(oldSignificant, new Conversion(change, newSignificant));
            }
        }
        Map<Integer, Table> tables = new HashMap<>();
        byCallingCode.forEach((callingCode, conversions) -> tables.put(callingCode, tableOf(conversions)));
        return new PhoneRenumbering(tables);
    }

    /** The prefix without the region's trunk prefix; it must be digits, start with that trunk prefix, and go on with a digit other than 0. */
    private static String significantPrefix(RulesNode prefix, String key, String value, String trunkPrefix, String region) {
        String trunk = trunkPrefix == null ? "" : trunkPrefix;
        if (!value.matches("[0-9]+") || !value.startsWith(trunk) || value.length() == trunk.length()
                || value.charAt(trunk.length()) == '0') {
            throw prefix.invalid(key, "'" + value + "' is not a prefix in national form: digits"
                    + (trunk.isEmpty() ? "" : ", the trunk prefix " + trunk + " of " + region + " first,")
                    + " then a digit other than 0");
        }
        return value.substring(trunk.length());
    }

    private static Table tableOf(Map<String, Conversion> conversions) {
        TreeSet<Integer> lengths = new TreeSet<>();
        conversions.keySet().forEach(prefix -> lengths.add(prefix.length()));
        List<Integer> longestFirst = new ArrayList<>(lengths.descendingSet());
        return new Table(Map.copyOf(conversions), longestFirst.stream().mapToInt(Integer::intValue).toArray());
    }
}
