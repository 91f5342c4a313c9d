package dev.invitations.invitationservice.invitation;

import dev.invitations.commons.problem.Problem.FieldError;
import dev.invitations.contract.InvitationType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** The seed's rules on an invitation's shape, checked before anything is looked up or stored. */
final class InvitationRules {

    static final int MAX_INVITED_CONTACTS = 1000;
    static final int MAX_WEB_ROLES = 50;
    /** Bounds the redeemed-contacts list an invitation is read with. */
    static final int MAX_REDEMPTIONS = 10_000;
    static final int MAX_ALLOWED_EMAIL_DOMAINS = 50;

    static List<FieldError> shapeErrors(CreateInvitationRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.type() == InvitationType.SINGLE) {
            if (request.invitedContactIds().size() != 1) {
                errors.add(new FieldError("invitedContactIds", "a SINGLE invitation invites exactly one contact; use GROUP for more"));
            }
            if (request.maxRedemptions() != null && request.maxRedemptions() != 1) {
                errors.add(new FieldError("maxRedemptions", "a SINGLE invitation is redeemed once; leave maxRedemptions out or set it to 1"));
            }
        }
        if (request.allowedEmailDomains() != null) {
            if (request.type() == InvitationType.SINGLE) {
                errors.add(new FieldError("allowedEmailDomains", "a SINGLE invitation is redeemed by its invited contact "
                        + "only; allowed email domains are for GROUP invitations"));
            }
            errors.addAll(repeated("allowedEmailDomains", allowedEmailDomains(request)));
        }
        errors.addAll(repeated("invitedContactIds", request.invitedContactIds()));
        if (request.webRoleIds() != null) {
            errors.addAll(repeated("webRoleIds", request.webRoleIds()));
        }
        return errors;
    }

    static int maxRedemptions(CreateInvitationRequest request) {
        if (request.type() == InvitationType.SINGLE) {
            return 1;
        }
        return request.maxRedemptions() != null ? request.maxRedemptions() : request.invitedContactIds().size();
    }

    /** Domains compare case-insensitively (DNS names do), so they are kept lower-cased. */
    static List<String> allowedEmailDomains(CreateInvitationRequest request) {
        return request.allowedEmailDomains() == null ? null
                : request.allowedEmailDomains().stream().map(domain -> domain.toLowerCase(Locale.ROOT)).toList();
    }

    private static <T> List<FieldError> repeated(String field, List<T> ids) {
        List<FieldError> errors = new ArrayList<>();
        Set<T> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!seen.add(ids.get(i))) {
                errors.add(new FieldError(field + "[" + i + "]", ids.get(i) + " is listed more than once"));
            }
        }
        return errors;
    }

    private InvitationRules() {
    }
}
