# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A registered directory's settings: access, self-service, creation and client properties, SAML and certificate-based
authentication.

moto has ModifySelfservicePermissions, ModifyWorkspaceCreationProperties and ModifyClientProperties, each replacing the
whole setting with what the request gives, with a KeyError (a 500) or a ValidationException for an unknown directory;
it has none of the others. AWS changes only the members a request gives, and keeps SAML on while certificate-based
authentication needs it.
"""

import copy

from .state import ApiError
from .state import backend_of

# Operation -> (its request member holding the setting, the attribute of moto's directory that keeps it).
MERGED = {
    "ModifyWorkspaceAccessProperties": ("WorkspaceAccessProperties", "workspace_access_properties"),
    "ModifySelfservicePermissions": ("SelfservicePermissions", "self_service_permissions"),
    "ModifyWorkspaceCreationProperties": ("WorkspaceCreationProperties", "workspace_creation_properties"),
    "ModifyClientProperties": ("ClientProperties", "client_properties"),
}
SAML_ON = frozenset({"ENABLED", "ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK"})
# AWS documents that certificate-based authentication needs SAML 2.0 on, not the code or message it refuses with:
# OperationNotSupportedException is the model's error of both calls for an operation the directory does not support.
NEEDS_SAML = (
    "OperationNotSupportedException",
    "Certificate-based authentication can only be enabled for a directory with SAML 2.0 authentication enabled.",
)
SAML_IN_USE = (
    "OperationNotSupportedException",
    "Certificate-based authentication is enabled for this directory: disable it before disabling SAML 2.0 authentication.",
)
# Neither is documented either: SAML on needs the IdP's user access URL, certificate-based authentication on a private
# certificate authority.
SAML_NEEDS_URL = ("InvalidParameterValuesException", "SAML 2.0 authentication needs a UserAccessUrl to be enabled.")
NEEDS_AUTHORITY = (
    "InvalidParameterValuesException",
    "Certificate-based authentication needs a CertificateAuthorityArn to be enabled.",
)

# Operation -> (its request member, the prefix of its PropertiesToDelete values, the attribute of moto's directory that
# keeps the setting, its refusal of certificate-based authentication on with SAML off).
AUTHENTICATION = {
    "ModifySamlProperties": ("SamlProperties", "SAML_PROPERTIES_", "saml_properties", SAML_IN_USE),
    "ModifyCertificateBasedAuthProperties": (
        "CertificateBasedAuthProperties", "CERTIFICATE_BASED_AUTH_PROPERTIES_", "certificate_based_auth_properties",
        NEEDS_SAML,
    ),
}
AUTHENTICATION_ATTRIBUTES = ("saml_properties", "certificate_based_auth_properties")


def deletable_member(value, prefix):
    """The member a PropertiesToDelete value names: SAML_PROPERTIES_USER_ACCESS_URL -> UserAccessUrl (the model's
    enums spell the member's name after the prefix)."""
    return "".join(word.capitalize() for word in value[len(prefix):].split("_"))


def changed(current, params, member, prefix):
    """The setting once the request's members are written and its PropertiesToDelete removed (deletion last)."""
    after = dict(current, **(params.get(member) or {}))
    for value in params.get("PropertiesToDelete") or ():
        after.pop(deletable_member(value, prefix), None)
    return after


def authentication_refusal(saml, certificate_based, saml_off):
    """AWS's refusal of the SAML and certificate-based-authentication settings a directory would end with, or None;
    ``saml_off`` is the refusal of certificate-based authentication on with SAML off, which depends on the call."""
    if saml.get("Status") in SAML_ON and not saml.get("UserAccessUrl"):
        return SAML_NEEDS_URL
    if certificate_based.get("Status") != "ENABLED":
        return None
    if not certificate_based.get("CertificateAuthorityArn"):
        return NEEDS_AUTHORITY
    return saml_off if saml.get("Status") not in SAML_ON else None


class DirectorySettings:
    """Mixed into WorkSpacesFidelity."""

    def merge_setting(self, operation, params, _environ, region):
        """The Modify… calls whose setting is a set of members, each given one replacing the current value."""
        member, attribute = MERGED[operation]
        with self.lock:
            directory = self.directory_called(region, params["ResourceId"])
            getattr(directory, attribute).update(copy.deepcopy(params[member]))
        return 200, {}

    def modify_authentication(self, operation, params, _environ, region):
        """ModifySamlProperties and ModifyCertificateBasedAuthProperties: the members given, then PropertiesToDelete;
        refused, and nothing changed, when the directory would end with a combination AWS does not allow."""
        member, prefix, attribute, saml_off = AUTHENTICATION[operation]
        with self.lock:
            directory = self.directory_called(region, params["ResourceId"])
            settings = {name: getattr(directory, name) for name in AUTHENTICATION_ATTRIBUTES}
            settings[attribute] = changed(settings[attribute], params, member, prefix)
            refused = authentication_refusal(*(settings[name] for name in AUTHENTICATION_ATTRIBUTES), saml_off)
            if refused:
                raise ApiError(400, *refused)
            setattr(directory, attribute, settings[attribute])
        return 200, {}

    def describe_client_properties(self, params, _environ, region):
        directories = backend_of(region).workspace_directories
        with self.lock:
            self.settle_directories(region)
            found = [
                {"ResourceId": resource_id, "ClientProperties": copy.deepcopy(directories[resource_id].client_properties)}
                for resource_id in dict.fromkeys(params["ResourceIds"])
                if resource_id in directories
            ]
        return 200, {"ClientPropertiesList": found}
