//! `/api/lessons`: the lessons (a read, in the asked language), where the room is (a read), and
//! the lecturer's keys (`POST /api/lessons/ID/{start,next,prev,reset,leave}`, actions: the
//! presenter's, off with --read-only). Lesson errors become HTTP answers here.

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::Deserialize;

use bridgescope_app::api::{paths, ApiError, LessonInfo, LessonState};
use bridgescope_app::model::lesson::{lessons, Lang};

use super::AppState;
use crate::lesson::LessonError;

pub fn actions() -> Router<AppState> {
    Router::new().route(paths::LESSON_ACTION, post(act))
}

pub fn reads() -> Router<AppState> {
    Router::new()
        .route(paths::LESSONS, get(list))
        .route(paths::LESSON_STATE, get(state))
}

impl IntoResponse for LessonError {
    fn into_response(self) -> Response {
        let status = match &self {
            LessonError::Unknown(_) | LessonError::UnknownAction(_) => StatusCode::NOT_FOUND,
            LessonError::Busy { .. }
            | LessonError::NotRunning(_)
            | LessonError::NameTaken { .. } => StatusCode::CONFLICT,
            LessonError::Action(_) => return self.into_action_response(),
        };
        let body = ApiError {
            error: self.to_string(),
            needs_confirmation: false,
        };
        (status, Json(body)).into_response()
    }
}

impl LessonError {
    fn into_action_response(self) -> Response {
        match self {
            LessonError::Action(error) => error.into_response(),
            other => other.into_response(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct Asked {
    lang: Option<String>,
}

async fn list(Query(asked): Query<Asked>) -> Json<Vec<LessonInfo>> {
    let lang = asked
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    Json(lessons().iter().map(|l| l.info(lang)).collect())
}

async fn state(State(state): State<AppState>) -> Json<LessonState> {
    Json(LessonState::clone(&state.lessons.current()))
}

async fn act(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
) -> Result<Json<LessonState>, LessonError> {
    let answer = state.lessons.act(&id, &action).await?;
    Ok(Json(LessonState::clone(&answer)))
}
