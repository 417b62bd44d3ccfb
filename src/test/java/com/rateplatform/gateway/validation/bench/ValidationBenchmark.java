package com.rateplatform.gateway.validation.bench;

import java.text.Normalizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.RequestData;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.validation.ItemValidator;
import com.rateplatform.gateway.validation.ValidationProcessor;

/**
 * Items per second through {@link ValidationProcessor#validate} with the bundled rules, on a fixed
 * mixed set of {@value #ITEMS} items, next to three baselines measured in the same run: iterating
 * the items, the foundation validator's two regexes, and libphonenumber's parse and isValid alone.
 * Run with benchmarks/run-validation-bench.sh; every score is items/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class ValidationBenchmark {

    static final int ITEMS = 1_000;

    private static final Pattern FOUNDATION_PHONE = Pattern.compile("\\+?\\d{8,15}");
    private static final Pattern FOUNDATION_SEPARATORS = Pattern.compile("[\\s().-]");

    private ValidationProcessor processor;
    private RequestMessage request;
    private List<Item> items;
    private PhoneNumberUtil phoneNumbers;

    @Setup
    public void setUp() {
        processor = new ValidationProcessor(ItemValidator.load(""), Clock.systemUTC());
        items = mixedItems(new Random(42), ITEMS);
        request = new RequestMessage("bench-1", "benchmark", "bench-user", "validate", new RequestData(items), "normal",
                null, "2026-01-01T00:00:00Z");
        phoneNumbers = PhoneNumberUtil.getInstance();
    }

    /** The figure: every item through the full validation, response built. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public ResponseMessage validate() {
        return processor.validate(request);
    }

    /** Baseline: touching each item's fields, no validation. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int baselineIterate() {
        int length = 0;
        for (Item item : items) {
            length += lengthOf(item.name()) + lengthOf(item.phone()) + lengthOf(item.bankAccount());
        }
        return length;
    }

    /** Baseline: the foundation validator's phone regex on each item (separators stripped, 8 to 15 digits). */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int baselineRegex() {
        int matches = 0;
        for (Item item : items) {
            if (item.phone() != null && FOUNDATION_PHONE.matcher(FOUNDATION_SEPARATORS.matcher(item.phone()).replaceAll("")).matches()) {
                matches++;
            }
        }
        return matches;
    }

    /** Baseline: libphonenumber parse and isValidNumber of each item's phone, nothing else. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int baselineLibphonenumber() {
        int valid = 0;
        for (Item item : items) {
            if (item.phone() == null) {
                continue;
            }
            try {
                if (phoneNumbers.isValidNumber(phoneNumbers.parse(item.phone(), "VN"))) {
                    valid++;
                }
            } catch (NumberParseException e) {
                valid--;
            }
        }
        return valid;
    }

    private static int lengthOf(String value) {
        return value == null ? 0 : value.length();
    }

    private static final String[] MOBILE_PREFIXES = {"086", "096", "097", "098", "032", "033", "034", "035", "036", "037",
            "038", "039", "088", "091", "094", "081", "082", "083", "084", "085", "089", "090", "093", "070", "076", "077",
            "078", "079", "092", "056", "058", "099", "059", "087", "055"};
    private static final String[] NAMES = {"Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Nam", "Phạm Minh Chính",
            "Hoàng Thị Thu Hương", "Vũ Đức Thắng", "Đặng Hữu Phúc", "Bùi Thị Xuân", "Đỗ Quang Huy", "Ngô Bảo Châu",
            "Dương Văn Minh", "Lý Thường Kiệt", "John O'Brien", "Marie-Claire Dupont"};
    private static final String[] BANK_CODES = {"VCB", "970436", "970415", "BIDV", "970405", "TCB", "MB", "970416",
            "VPBank", "TPB", "970403", "HDB", "VIB", "SHB"};

    /**
     * A fixed mix shaped like real traffic: most phones valid Vietnamese mobiles in local or international
     * form, some landlines, old 11-digit numbers, foreign numbers and garbage; names with diacritics, some
     * decomposed or padded, a few invalid; accounts with and without bank codes, some malformed.
     */
    static List<Item> mixedItems(Random random, int count) {
        List<Item> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(new Item("item-" + i, name(random), phone(random), account(random), null, null));
        }
        for (int i = 0; i < count; i++) {
            Item item = items.get(i);
            if (item.bankAccount() != null && random.nextInt(100) < 60) {
                String bankCode = random.nextInt(100) < 5 ? "XYZ" : BANK_CODES[random.nextInt(BANK_CODES.length)];
                items.set(i, new Item(item.itemId(), item.name(), item.phone(), item.bankAccount(), bankCode, null));
            }
        }
        return items;
    }

    private static String name(Random random) {
        int roll = random.nextInt(100);
        String name = NAMES[random.nextInt(NAMES.length)];
        if (roll < 20) {
            return null;
        }
        if (roll < 30) {
            return Normalizer.normalize(name, Normalizer.Form.NFD);
        }
        if (roll < 35) {
            return "  " + name.replace(" ", "   ") + " ";
        }
        if (roll < 40) {
            return name + " " + random.nextInt(100);
        }
        return name;
    }

    private static String phone(Random random) {
        int roll = random.nextInt(100);
        String prefix = MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)];
        String subscriber = String.format("%07d", random.nextInt(10_000_000));
        if (roll < 15) {
            return null;
        }
        if (roll < 55) {
            return prefix + subscriber;
        }
        if (roll < 65) {
            return "+84 " + prefix.substring(1) + " " + subscriber.substring(0, 3) + " " + subscriber.substring(3);
        }
        if (roll < 72) {
            return "84" + prefix.substring(1) + subscriber;
        }
        if (roll < 78) {
            return prefix + "." + subscriber.substring(0, 3) + "." + subscriber.substring(3);
        }
        if (roll < 85) {
            return "024" + String.format("%08d", random.nextInt(100_000_000));
        }
        if (roll < 91) {
            return "016" + random.nextInt(10) + subscriber;
        }
        if (roll < 96) {
            return random.nextBoolean() ? "+1 650 253 " + subscriber.substring(3) : "+65 8" + subscriber;
        }
        return random.nextBoolean() ? "call me" : "12";
    }

    private static String account(Random random) {
        int roll = random.nextInt(100);
        if (roll < 40) {
            return null;
        }
        int length = 9 + random.nextInt(6);
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        if (roll < 50) {
            digits.insert(4, ' ').insert(9, ' ');
        } else if (roll < 55) {
            digits.setLength(4);
        } else if (roll < 58) {
            digits.setCharAt(2, 'O');
        }
        return digits.toString();
    }
}
