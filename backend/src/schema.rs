// The tables, as diesel sees them. Both backends' migrations (migrations/sqlite, migrations/postgres)
// create exactly these columns. `cases` has 32 columns (diesel's `32-column-tables` feature); it
// joins `users` through `created_by` only: the assignee and the validator are loaded by id.
// Booleans are SMALLINT 0/1 because diesel's MultiBackend supports no Bool type.

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        full_name -> Text,
        role -> Text,
        password_hash -> Text,
        active -> SmallInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        refresh_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        username -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    login_locks (username) {
        username -> Text,
        locked_until -> Timestamp,
    }
}

diesel::table! {
    cases (id) {
        id -> BigInt,
        customer_name -> Text,
        document_type -> Text,
        document_number -> Text,
        business_line -> Text,
        mobile_plan -> Nullable<Text>,
        service_status -> Text,
        collection_type -> Text,
        reference -> Text,
        province -> Text,
        landline -> Nullable<Text>,
        mobile -> Nullable<Text>,
        mobile_confirmed -> SmallInt,
        email -> Nullable<Text>,
        payment_intent -> Text,
        observation -> Nullable<Text>,
        status -> Text,
        search_text -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        assigned_to -> Nullable<BigInt>,
        validation_result -> Nullable<Text>,
        validated_by -> Nullable<BigInt>,
        validated_at -> Nullable<Timestamp>,
        credit_title -> Nullable<Text>,
        measures -> Nullable<Text>,
        validation_note -> Nullable<Text>,
        outcome -> Nullable<Text>,
        resolution_note -> Nullable<Text>,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    case_events (id) {
        id -> BigInt,
        case_id -> BigInt,
        kind -> Text,
        actor_id -> BigInt,
        at -> Timestamp,
        changes -> Text,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    bank_accounts (id) {
        id -> BigInt,
        bank -> Text,
        account_type -> Text,
        number -> Text,
        holder -> Text,
        active -> SmallInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(cases -> users (created_by));
diesel::joinable!(case_events -> cases (case_id));
diesel::joinable!(case_events -> users (actor_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    sessions,
    login_failures,
    login_locks,
    cases,
    case_events,
    bank_accounts
);
