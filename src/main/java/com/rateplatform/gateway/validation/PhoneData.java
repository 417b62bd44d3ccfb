package com.rateplatform.gateway.validation;

import java.util.Locale;

import com.google.i18n.phonenumbers.PhoneNumberToCarrierMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Loads, once, every libphonenumber data file that validation can touch: the metadata of every
 * region and non-geographic calling code, and the English carrier names of every calling code.
 * Both libraries otherwise read these files lazily on first use; loading them up front keeps
 * validation free of I/O, and the carrier mapper's lazy cache is not safe for concurrent first use.
 */
final class PhoneData {

    static final Locale CARRIER_LANGUAGE = Locale.ENGLISH;

    private static boolean loaded;

    private PhoneData() {
    }

    static synchronized void preload() {
        if (loaded) {
            return;
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        for (String region : util.getSupportedRegions()) {
            util.getExampleNumber(region);
        }
        for (int callingCode : util.getSupportedGlobalNetworkCallingCodes()) {
            util.getExampleNumberForNonGeoEntity(callingCode);
        }
        PhoneNumberToCarrierMapper carriers = PhoneNumberToCarrierMapper.getInstance();
        for (int callingCode : util.getSupportedCallingCodes()) {
            carriers.getNameForValidNumber(new PhoneNumber().setCountryCode(callingCode).setNationalNumber(1L), CARRIER_LANGUAGE);
        }
        loaded = true;
    }
}
