package com.bedrockmeter.portal.audit;

import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.model.audit.AuditEvent;
import com.bedrockmeter.model.audit.AuditLog;
import com.bedrockmeter.model.audit.AuditQuery;
import java.time.LocalDate;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** The audit log for admins only. */
@Service
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class AuditPortalService {

    private final AuditLog audit;

    AuditPortalService(AuditLog audit) {
        this.audit = audit;
    }

    public List<AuditEvent> search(AuditQuery query) {
        return audit.search(query);
    }

    public LocalDate today() {
        return audit.today();
    }
}
