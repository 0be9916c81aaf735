-- Partner delegation schema V6: an invitation keeps how it was answered. USED now means accepted
-- (or, for a change request, approved); a declined one is DECLINED. A second click on a link is
-- then told apart by state, not by comparing its use with the delegation's acceptance time (equal
-- when the clock has not moved, which let a declined change request's link read as approved).
ALTER TABLE pd_invitation DROP CONSTRAINT pd_invitation_status_known;
ALTER TABLE pd_invitation ADD CONSTRAINT pd_invitation_status_known
    CHECK (status IN ('OPEN', 'USED', 'SUPERSEDED', 'DECLINED'));

-- Rows answered before V6 are USED whichever the answer was: the declines are found by what they
-- left behind. A DECLINED delegation was declined through its only used invitation; a declined
-- change request left a GRANT_CHANGE_DECLINED audit event at the instant its link was used. An
-- acceptance recorded at exactly that instant of the same delegation is taken for a decline too:
-- its link is then refused as answered on a second click, never read as approved.
UPDATE pd_invitation SET status = 'DECLINED'
WHERE status = 'USED'
  AND (EXISTS (SELECT 1 FROM pd_delegation d
               WHERE d.delegation_id = pd_invitation.delegation_id AND d.status = 'DECLINED')
    OR EXISTS (SELECT 1 FROM pd_audit_event a
               WHERE a.delegation_id = pd_invitation.delegation_id AND a.event_type = 'GRANT_CHANGE_DECLINED'
                 AND a.occurred_at = pd_invitation.used_at));
